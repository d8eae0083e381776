"""The chat's typeface: Inter, shipped with the app (it runs offline), so every glyph of every weight
renders in one face instead of falling back glyph by glyph to whatever the machine has."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
FAMILY = "Inter"
# (file, weight, style): the weights the page uses (body 400, labels 600, bold 700) and their italics.
FACES = [
    ("Inter-Regular.woff2", 400, "normal"),
    ("Inter-Italic.woff2", 400, "italic"),
    ("Inter-SemiBold.woff2", 600, "normal"),
    ("Inter-Bold.woff2", 700, "normal"),
    ("Inter-BoldItalic.woff2", 700, "italic"),
]


def font_css() -> str:
    """@font-face rules pointing at Gradio's file route; `static_paths()` must be registered for it."""
    rules = []
    for name, weight, style in FACES:
        url = f"/gradio_api/file={FONT_DIR / name}"
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';src:url('{url}') format('woff2');"
            f"font-weight:{weight};font-style:{style};font-display:swap}}"
        )
    return "\n".join(rules)


def static_paths() -> list[Path]:
    """Folders Gradio may serve as-is (only the fonts)."""
    return [FONT_DIR]


def theme() -> gr.themes.Base:
    # A plain family name: Gradio adds no web-font loader of its own, the rules above load the files.
    return gr.themes.Default(font=[FAMILY, "ui-sans-serif", "system-ui", "sans-serif"])
