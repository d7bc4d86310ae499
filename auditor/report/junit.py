"""JUnit XML, for CI test-report views (GitLab, Jenkins, Azure): one <testsuite> per
file, one failing <testcase> per finding and one passing <testcase> per clean file.
Suppressed and baselined findings are skipped test cases with the reason: they do
not fail the gate, so they are not failures here either.

GitLab keys test cases on classname + name and keeps only the first of any
duplicates, so every test case name within a file is made unique.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from ..model import Finding, Report
from .base import CollectingFormatter, set_aside_kind

# XML 1.0 cannot carry most control characters, even escaped; metadata read from
# hostile images can contain them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class JunitFormatter(CollectingFormatter):
    name = "junit"
    shows_baselined = True
    shows_suppressed = True

    def finish(self, report: Report) -> None:
        by_file: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_file.setdefault(self.shown_path(finding.path), []).append(finding)
        clean = [p for p in dict.fromkeys(self.shown_path(p) for p in self.audited_paths) if p not in by_file]

        root = ET.Element("testsuites", name="auditor")
        for path, findings in by_file.items():
            self._suite(root, path, findings)
        for path in clean:
            self._suite(root, path, [])
        if not by_file and not clean:
            # A report with no test case reads as "no tests ran" to most CI tools.
            suite = ET.SubElement(root, "testsuite", name="auditor", tests="1", failures="0", errors="0", skipped="0")
            ET.SubElement(suite, "testcase", classname="auditor", name="no findings")
        _set_counts(
            root,
            tests=sum(int(s.get("tests", 0)) for s in root),
            failures=sum(int(s.get("failures", 0)) for s in root),
            skipped=sum(int(s.get("skipped", 0)) for s in root),
        )
        root.set("time", f"{report.summary.elapsed:.3f}")

        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")

    def _suite(self, root: ET.Element, path: str, findings: list[Finding]) -> None:
        suite = ET.SubElement(root, "testsuite", name=_xml_text(path))
        if not findings:
            ET.SubElement(suite, "testcase", classname=_xml_text(path), name="no findings")
            _set_counts(suite, tests=1, failures=0)
            return
        used: Counter[str] = Counter()
        for finding in findings:
            name = _case_name(finding)
            used[name] += 1
            if used[name] > 1:
                name = f"{name} ({used[name]})"
            case = ET.SubElement(suite, "testcase", classname=_xml_text(path), name=_xml_text(name))
            kind = set_aside_kind(finding)
            if kind is not None:
                reason = f"suppressed: {finding.suppression or 'no reason'}" if kind == "suppressed" else "in the baseline"
                skipped = ET.SubElement(case, "skipped", message=_xml_text(reason))
                skipped.text = _xml_text(self._details(finding, path))
                continue
            failure = ET.SubElement(
                case, "failure", message=_xml_text(finding.message), type=f"{finding.severity.value} {finding.rule}"
            )
            failure.text = _xml_text(self._details(finding, path))
        skipped_count = sum(1 for f in findings if set_aside_kind(f) is not None)
        _set_counts(suite, tests=len(findings), failures=len(findings) - skipped_count, skipped=skipped_count)

    def _details(self, finding: Finding, path: str) -> str:
        position = f":{finding.line}" if finding.line is not None else ""
        position += f":{finding.column}" if finding.line is not None and finding.column is not None else ""
        header = f"{path}{position}: {finding.severity.value} {finding.rule} {finding.name}"
        return "\n".join([header, finding.message, *self.detail_lines(finding)])


def _case_name(finding: Finding) -> str:
    if finding.line is not None:
        where = f"line {finding.line}" + (f" col {finding.column}" if finding.column is not None else "")
    elif finding.figure is not None:
        where = f"figure {finding.figure}"
    else:
        where = ""
    return f"{finding.rule} {finding.name}" + (f" {where}" if where else "")


def _set_counts(element: ET.Element, *, tests: int, failures: int, skipped: int = 0) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)
