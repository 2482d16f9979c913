"""Start a scratch Virtuoso (Debian's virtuoso-opensource) on loopback, for tests and
benchmarks: its own ini and database in a directory, in the foreground, stopped on exit.

    python scripts/virtuoso.py DIR   # runs until interrupted; prints the HTTP port
"""

from __future__ import annotations

import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback_server import free_port, running  # noqa: E402

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {d}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 1G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 60
DefaultQuery = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
DeferInferenceRulesInit = 0
"""


@contextmanager
def virtuoso(directory: Path, timeout: float = 120.0):
    """A running Virtuoso with a fresh database in ``directory``; yields its HTTP base URL."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("virtuoso-t is missing: run scripts/setup-system.sh (Debian virtuoso-opensource)")
    directory.mkdir(parents=True, exist_ok=True)
    http, sql = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, http=http, sql=sql), encoding="utf-8")
    base = f"http://127.0.0.1:{http}"
    with running("virtuoso-t", [binary, "+foreground", "+configfile", str(ini)], f"{base}/sparql?query=ASK%7B%7D",
                 directory / "stdout.log", timeout, cwd=directory, poll=0.5):
        yield base

if __name__ == "__main__":
    with virtuoso(Path(sys.argv[1]).resolve()) as url:
        print(url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
