"""Start a scratch Virtuoso (Debian's virtuoso-opensource) on loopback, for tests and
benchmarks: its own ini and database in a directory, in the foreground, stopped on exit;
and Virtuoso's own bulk loader (``ld_dir`` and ``rdf_loader_run`` through ``isql-vt``).

    python scripts/virtuoso.py DIR   # runs until interrupted; prints the HTTP port
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
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
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}

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
def virtuoso(directory: Path, timeout: float = 120.0, buffers: int = 20000):
    """A running Virtuoso with a fresh database in ``directory``; yields its HTTP base URL.
    ``buffers`` are its 8 KiB page buffers (Virtuoso advises about 85,000 per GiB of memory
    it may use; the default suits the test corpus)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("virtuoso-t is missing: run scripts/setup-system.sh (Debian virtuoso-opensource)")
    directory.mkdir(parents=True, exist_ok=True)
    http, sql = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, http=http, sql=sql, buffers=buffers, dirty=buffers * 3 // 4),
                   encoding="utf-8")
    base = f"http://127.0.0.1:{http}"
    with running("virtuoso-t", [binary, "+foreground", "+configfile", str(ini)], f"{base}/sparql?query=ASK%7B%7D",
                 directory / "stdout.log", timeout, cwd=directory, poll=0.5):
        yield base


def isql(directory: Path, statements: str, timeout: float = 3600.0) -> str:
    """Run SQL ``statements`` (each ending in ``;``) as dba on the running Virtuoso of
    ``directory``; its output, or RuntimeError with the first error Virtuoso reported."""
    binary = shutil.which("isql-vt")
    if binary is None:
        raise RuntimeError("isql-vt is missing: run scripts/setup-system.sh (Debian virtuoso-opensource)")
    ini = (directory / "virtuoso.ini").read_text(encoding="utf-8")
    port = re.search(r"^ServerPort = (127\.0\.0\.1:\d+)$", ini, re.M).group(1)  # [Parameters]: the SQL port
    done = subprocess.run([binary, port, "dba", "dba"], input=statements, capture_output=True, text=True,
                          timeout=timeout, check=False)
    out = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in out:
        first = next((ln for ln in out.splitlines() if "Error" in ln), out[-500:])
        raise RuntimeError(f"isql-vt: {first.strip()}")
    return out


def bulk_load(directory: Path, dataset: Path, graph: str) -> None:
    """Load an N-Quads file into the running Virtuoso of ``directory`` with its own bulk
    loader (``ld_dir``, ``rdf_loader_run``, ``checkpoint``); each quad keeps its named graph
    (``graph`` is for triples without one). The file is linked into the database
    directory, which the ini allows the server to read."""
    inbox = directory / "load"
    inbox.mkdir(exist_ok=True)
    target = inbox / dataset.name
    if not target.exists():
        try:
            os.link(dataset, target)
        except OSError:
            shutil.copyfile(dataset, target)
    isql(directory, f"ld_dir('{inbox}', '{dataset.name}', '{graph}');\nrdf_loader_run();\ncheckpoint;\n")
    errors = isql(directory, "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;\n")
    if re.search(r"^\s*0 Rows", errors, re.M) is None:
        raise RuntimeError(f"Virtuoso's bulk loader reported errors:\n{errors}")


if __name__ == "__main__":
    with virtuoso(Path(sys.argv[1]).resolve()) as url:
        print(url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
