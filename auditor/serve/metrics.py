"""Prometheus metrics of one server: requests by route and status, their latency,
requests shed, and findings by rule. A registry per app, so that two servers in one
process (tests) count apart."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

# Most audits of one story take milliseconds; the top buckets catch the slow ones.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class ServerMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("auditor_requests", "HTTP requests answered.", ["route", "status"], registry=self.registry)
        self.latency = Histogram("auditor_request_seconds", "Time to answer a request.", ["route"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.shed = Counter("auditor_requests_shed", "Requests refused for load (429) or time (503).", ["reason"],
                            registry=self.registry)
        self.findings = Counter("auditor_findings", "Findings reported, by rule.", ["rule"], registry=self.registry)

    def answered(self, route: str, status: int, seconds: float) -> None:
        self.requests.labels(route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def found(self, counts: dict[str, int]) -> None:
        for rule, count in counts.items():
            self.findings.labels(rule).inc(count)

    def text(self) -> bytes:
        return generate_latest(self.registry)
