"""Human-readable reports: a self-contained HTML page (plots inlined) and a Markdown summary."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from .runner import METRIC_NAMES


def _figure_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def make_plots(data: dict) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plots = {}
    tags = data["by_tag"]
    names = list(tags)
    fig, ax = plt.subplots(figsize=(max(6, 0.55 * len(names)), 3.6))
    values = [
        tags[t]["answer_correct"] if tags[t]["answer_correct"] is not None else tags[t]["refusal_correct"] or 0
        for t in names
    ]
    colors = ["#4c78a8" if tags[t]["answer_correct"] is not None else "#f58518" for t in names]
    ax.bar(names, values, color=colors)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("answer_correct (blue) / refusal_correct (orange)")
    ax.set_title("Metrics by tag")
    ax.tick_params(axis="x", rotation=60)
    plots["by_tag.png"] = _figure_png(fig)
    plt.close(fig)

    results = data["results"]
    lat = [r["latency_ms"] for r in results if r["error"] is None]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist(lat, bins=30, color="#54a24b")
    ax.set_xlabel("latency per question (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    plots["latency.png"] = _figure_png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3.2))
    for answerable, color, label in ((True, "#4c78a8", "answerable"), (False, "#e45756", "unanswerable")):
        conf = [r["answer"]["confidence"] for r in results if r["answer"] and r["answerable"] == answerable]
        if conf:
            ax.hist(conf, bins=20, range=(0, 1), alpha=0.6, color=color, label=f"{label} ({len(conf)})")
    ax.set_xlabel("answer confidence")
    ax.set_ylabel("questions")
    ax.set_title("Confidence: answerable vs unanswerable (refusal calibration)")
    ax.legend()
    plots["confidence.png"] = _figure_png(fig)
    plt.close(fig)
    return plots


def _failures(data: dict) -> list[dict]:
    out = []
    for r in data["results"]:
        if r["answerable"] and r["correct"] and r["citation_correct"]:
            continue
        if not r["answerable"] and r["refused"]:
            continue
        a = r["answer"] or {}
        out.append(
            {
                "id": r["id"],
                "question": r["question"],
                "expected": " | ".join(r["expected"]) or "(refusal)",
                "got": "(refused)"
                if a.get("refused")
                else (a.get("short_answer") or a.get("answer") or r["error"] or ""),
                "cited": ", ".join(f"{c['article_id']} §{c['paragraph']}" for c in a.get("citations", [])),
            }
        )
    return out


def _fmt(v) -> str:
    return "n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) and v <= 1 else f"{v}")


def write_report(data: dict, folder: Path, baseline: dict | None = None) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    plots = make_plots(data)
    for name, png in plots.items():
        (folder / name).write_bytes(png)
    failures = _failures(data)
    metrics = data["metrics"]
    rows = "".join(
        f"<tr><td>{k}</td><td>{_fmt(metrics.get(k))}</td>"
        + (f"<td>{_fmt(baseline['metrics'].get(k))}</td>" if baseline else "")
        + "</tr>"
        for k in METRIC_NAMES
    )
    head = "<tr><th>metric</th><th>article-qa</th>" + ("<th>vanilla LlamaIndex</th>" if baseline else "") + "</tr>"
    imgs = "".join(
        f'<figure><img alt="{n}" src="data:image/png;base64,{base64.b64encode(p).decode()}"></figure>'
        for n, p in plots.items()
    )
    fails = "".join(
        f"<tr><td>{html.escape(f['id'])}</td><td>{html.escape(f['question'])}</td>"
        f"<td>{html.escape(f['expected'])}</td><td>{html.escape(f['got'])}</td>"
        f"<td>{html.escape(f['cited'])}</td></tr>"
        for f in failures
    )
    page = f"""<!doctype html><html lang="en"><meta charset="utf-8"><title>article-qa eval: {html.escape(data["suite"])}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
figure{{display:inline-block;margin:0.5em}}img{{max-width:520px}}</style>
<h1>Evaluation: {html.escape(data["suite"])}</h1><p>{data["cases"]} cases.</p>
<h2>Metrics</h2><table>{head}{rows}</table>
<h2>Plots</h2>{imgs}
<h2>Failures ({len(failures)})</h2><table><tr><th>id</th><th>question</th><th>expected</th><th>got</th><th>cited</th></tr>{fails}</table>
</html>"""
    (folder / "report.html").write_text(page, encoding="utf-8")
    md = [
        f"# Evaluation: {data['suite']}",
        "",
        f"{data['cases']} cases.",
        "",
        "| metric | article-qa |" + (" vanilla LlamaIndex |" if baseline else ""),
        "| --- | --- |" + (" --- |" if baseline else ""),
    ]
    md += [
        f"| {k} | {_fmt(metrics.get(k))} |" + (f" {_fmt(baseline['metrics'].get(k))} |" if baseline else "")
        for k in METRIC_NAMES
    ]
    md += [
        "",
        *[f"![{n}]({n})" for n in plots],
        "",
        f"## Failures ({len(failures)})",
        "",
        "| id | question | expected | got | cited |",
        "| --- | --- | --- | --- | --- |",
    ]
    md += [
        f"| {f['id']} | {f['question']} | {f['expected']} | {f['got'][:80]} | {f['cited']} |".replace("\n", " ")
        for f in failures
    ]
    (folder / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return folder / "report.html"
