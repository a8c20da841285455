"""LLM answers through any OpenAI-compatible endpoint (vLLM, Ollama, a hosted Thai model).

A LangChain chain: prompt template from `prompts/` → ChatOpenAI → text. Passages are
fenced as data; the answer is then checked marker by marker and any claim that cites
an unknown passage (or none) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from ingest.settings import Settings
from service.schemas import Citation

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
VARIABLES = {"question", "passages"}
_MARKER = re.compile(r"\[(\d{1,2})\]")
_SEGMENT = re.compile(r"(?<=[.!?。])\s+|\n+|(?<=\])\s+(?=\S)")
REFUSALS = ("เอกสารที่มีอยู่ไม่ครอบคลุม", "do not cover")


class PromptError(RuntimeError):
    pass


def load_prompt(lang: str, folder: Path = PROMPTS) -> ChatPromptTemplate:
    path = folder / f"answer_{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        template = ChatPromptTemplate.from_messages([("system", data["system"]), ("human", data["human"])])
    except (OSError, KeyError, TypeError, yaml.YAMLError, ValueError) as exc:
        raise PromptError(f"prompt {path}: {exc}") from exc
    found = set(template.input_variables)
    if found != VARIABLES:
        raise PromptError(f"prompt {path}: variables {sorted(found)}, expected {sorted(VARIABLES)}")
    return template


def fence(citations: list[Citation]) -> str:
    """Passages as tagged data; any tag-like text inside is neutralised."""
    blocks = []
    for c in citations:
        body = c.text.replace("<", "‹").replace(">", "›")
        source = f"{c.title} ({c.version}) · {c.label}".replace('"', "'")
        blocks.append(f'<passage id="{c.marker}" source="{source}">\n{body}\n</passage>')
    return "\n\n".join(blocks)


def check_markers(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Keep claims whose markers all point at given passages; return the cited passages."""
    valid = {c.marker for c in citations}
    kept: list[str] = []
    used: set[int] = set()
    for seg in (s.strip() for s in _SEGMENT.split(text)):
        if not seg:
            continue
        marks = {int(m) for m in _MARKER.findall(seg)}
        if marks and marks <= valid:
            kept.append(seg)
            used |= marks
        elif not marks and len(seg) <= 40 and not any(ch.isdigit() for ch in seg):
            kept.append(seg)  # a short connective ("ดังนี้", "In short:") states no fact
    if not used:
        raise ValueError("the model's answer cites no given passage")
    return "\n".join(kept), [c for c in citations if c.marker in used]


class LLMAnswerer:
    def __init__(self, settings: Settings, prompts: Path = PROMPTS) -> None:
        from langchain_openai import ChatOpenAI

        self.settings = settings
        self.prompts = {lang: load_prompt(lang, prompts) for lang in ("th", "en")}
        self.model = ChatOpenAI(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key,  # type: ignore[arg-type]
            model=settings.llm_model,
            timeout=settings.llm_timeout_s,
            max_retries=0,
            temperature=settings.llm_temperature,
        )
        self.chains = {lang: p | self.model | StrOutputParser() for lang, p in self.prompts.items()}

    def answer(self, question: str, lang: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
        text = self.chains[lang].invoke({"question": question, "passages": fence(citations)})
        return self.check(text, citations, lang)

    def stream(self, question: str, lang: str, citations: list[Citation]) -> Iterator[str]:
        yield from self.chains[lang].stream({"question": question, "passages": fence(citations)})

    def check(self, text: str, citations: list[Citation], lang: str) -> tuple[str, list[Citation]]:
        if any(r in text for r in REFUSALS) and not _MARKER.search(text):
            raise ValueError("the model found no answer in the passages")
        return check_markers(text, citations)

