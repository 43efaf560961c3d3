"""Ack latency of `/shelcaster live` over signed HTTP, next to a minimal Bolt app that only acks.

What production sees: `shelcaster serve` in its own process (scheduler and all), the minimal app in another on
the same server (and, for reference, the same app acking with a text, as the bot's ack does), the sandbox in a
third, the load generator (bench/loadgen.py) in this one. Every request to the bot also makes real work for its
pool (the duplicate-delivery record, the show's state, the reply), which competes with the acks; the pool answers
"busy" once full. Each app first answers one untimed burst, so none is timed on its first requests' one-time work.
The apps are then measured in turns, several rounds, so the machine's noise hits all alike, each once every process
is idle (the bot's pool has done the last run's work); the p99 is over all rounds.
Targets: at 20 clients p99 under 100 ms and within 1.5x of the minimal app; at 1 client within 1.2x.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench import loadgen
from bench.processes import free_port, load_average, sandbox_process, serve_argv, serving, wait_idle

REQUESTS = 300
ROUNDS = 3
APPS = ("shelcaster live", "minimal ack", "minimal ack + text")
# The bot's ack carries a text ("On it: live…"); a Bolt app acking with such a text shows how much of the gap to the
# empty ack is the reply body itself. The targets are judged against the empty ack, as the issue defines them.
REPLY = "On it: live…"


def run(*, rounds: int = ROUNDS) -> list[dict[str, Any]]:
    samples: dict[tuple[str, int], list[list[float]]] = {}
    with sandbox_process() as env:
        response_url = env["SLACK_API_URL"].replace("/api/", "/response/none")
        ports = {name: free_port() for name in APPS}
        argv = {
            APPS[0]: serve_argv(ports[APPS[0]]),
            APPS[1]: ["-m", "bench.minimal_app", "--port", str(ports[APPS[1]])],
            APPS[2]: ["-m", "bench.minimal_app", "--port", str(ports[APPS[2]]), "--reply", REPLY],
        }
        with (
            serving(argv[APPS[0]], port=ports[APPS[0]], env=env) as bot,
            serving(argv[APPS[1]], port=ports[APPS[1]], env=env) as minimal,
            serving(argv[APPS[2]], port=ports[APPS[2]], env=env) as texting,
        ):

            def requests(name: str, count: int) -> list[bytes]:
                port = ports[name]
                return [
                    loadgen.slash_request("127.0.0.1", port, text="live", response_url=response_url)
                    for _ in range(count)
                ]

            loadgen.measure("127.0.0.1", ports[APPS[0]], requests(APPS[0], 1), clients=1)  # sets the show up
            for name in APPS:  # both past their first requests' one-time work before anything is timed
                loadgen.measure("127.0.0.1", ports[name], requests(name, REQUESTS), clients=20)
            for _ in range(rounds):
                for clients in (1, 20):
                    for name in APPS:
                        wait_idle([bot.pid, minimal.pid, texting.pid])
                        loadgen.measure("127.0.0.1", ports[name], requests(name, 30), clients=clients)  # warm up
                        ms = loadgen.measure("127.0.0.1", ports[name], requests(name, REQUESTS), clients=clients)
                        samples.setdefault((name, clients), []).append(ms)
    rows = []
    for (name, clients), runs in samples.items():
        pooled = [ms for run in runs for ms in run]
        rows.append(
            {
                "app": name,
                "clients": clients,
                "p50_ms": statistics.median(pooled),
                "p99_ms": loadgen.percentile(pooled, 99),
                "p99_rounds": [loadgen.percentile(run, 99) for run in runs],
            }
        )
    return rows


def ratio(rows: list[dict[str, Any]], clients: int, base: str = APPS[1]) -> float:
    ours, other = (next(r for r in rows if r["app"] == a and r["clients"] == clients) for a in (APPS[0], base))
    return float(ours["p99_ms"] / other["p99_ms"])


def main() -> None:
    print(f"load average before: {load_average()}")
    rows = run()
    print(f"load average after: {load_average()}")
    print(f"{'ack latency':<18}{'clients':>8}{'p50 ms':>10}{'p99 ms':>10}   p99 of each round")
    for row in rows:
        rounds = " / ".join(f"{p:.0f}" for p in row["p99_rounds"])
        print(f"{row['app']:<18}{row['clients']:>8}{row['p50_ms']:>10.1f}{row['p99_ms']:>10.1f}   {rounds}")
    for clients in (1, 20):
        print(
            f"p99 ratio at {clients} client(s): {ratio(rows, clients):.2f}x of the minimal app "
            f"({ratio(rows, clients, APPS[2]):.2f}x of it acking with a text)"
        )


if __name__ == "__main__":
    main()
