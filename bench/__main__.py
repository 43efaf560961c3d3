"""`make bench`: every benchmark in one run, then one table of the figures next to their targets."""

from __future__ import annotations

import os

from bench import ack_latency, forgotten_channel, show_health, startup, sweep_scale
from bench.processes import load_average
from core.config import Rates, WatchdogSettings
from sandbox.provision import ACCESS_KEY, SECRET_KEY


def main() -> None:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    rows: list[tuple[str, str, str]] = []

    print(f"load average before: {load_average()}", flush=True)
    acks = ack_latency.run()
    for row in acks:
        clients = row["clients"]
        target = "p99 < 100 ms, <= 1.5x minimal" if clients > 1 else "p99 <= 1.2x minimal"
        rounds = "/".join(f"{p:.0f}" for p in row["p99_rounds"])
        figure = f"p50 {row['p50_ms']:.0f} ms, p99 {row['p99_ms']:.0f} ms (rounds {rounds})"
        if row["app"] == ack_latency.APPS[0]:
            figure += f", {ack_latency.ratio(acks, clients):.2f}x minimal"
            figure += f" ({ack_latency.ratio(acks, clients, ack_latency.APPS[2]):.2f}x with a text)"
        role = {ack_latency.APPS[0]: target, ack_latency.APPS[1]: "the baseline"}.get(row["app"], "for reference")
        rows.append((f"ack: {row['app']}, {clients} client(s)", figure, role))
    rows += startup.rows()

    settings, rates = WatchdogSettings(), Rates()
    worst = max(forgotten_channel.worst(s, settings) for s in forgotten_channel.scenarios())
    nobody = forgotten_channel.worst(forgotten_channel.streaming_to_nobody(), settings)
    for name, ran, target in (
        ("forgotten channel, no video, worst case", worst, "< 15 min, < $0.65"),
        ("forgotten channel, streaming to nobody", nobody, "< 45 min, < $2.00"),
    ):
        rows.append((name, f"{ran.total_seconds() / 60:.1f} min, ${forgotten_channel.cost(ran, rates):.2f}", target))

    scale = sweep_scale.run()
    largest = max(scale["steps"])
    calls = scale["steps"][largest]
    rows.append(
        (
            f"sweep of {scale['channels']} channels",
            f"{sum(calls['sweep_calls'].values())} calls, critical path {scale['sweep_path'] * 1000:.0f} ms "
            f"({scale['sweep_path'] / scale['bare_path']:.1f}x the bare list's {sum(calls['bare_calls'].values())} "
            f"call(s), {scale['bare_path'] * 1000:.0f} ms; wall {scale['sweep'] / scale['bare']:.1f}x)",
            "critical path <= 2x the bare list",
        )
    )

    rows += show_health.rows()

    width = max(len(r[0]) for r in rows) + 2
    figure = max(len(r[1]) for r in rows) + 2
    print(f"\n{'measure':<{width}}{'figure':<{figure}}target")
    for name, value, target in rows:
        print(f"{name:<{width}}{value:<{figure}}{target}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
