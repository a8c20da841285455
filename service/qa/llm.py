"""LLM answers through any OpenAI-compatible endpoint (vLLM, Ollama, a hosted Thai model).

A LangChain chain: prompt template from `prompts/` → ChatOpenAI → text. Passages are
fenced as data; the answer is then grounded sentence by sentence (service.qa.grounding): a
claim keeps its [n] when passage n supports it, gets the marker of the passage that does
when it has none or a wrong one, and is dropped when no passage supports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from ingest.embed import Embedder
from ingest.settings import Settings
from service.qa.grounding import MARKER, Grounded, ModelRefused, NothingSupported, ground
from service.schemas import Citation

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
VARIABLES = {"question", "passages"}
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


class LLMAnswerer:
    def __init__(self, settings: Settings, prompts: Path = PROMPTS, embedder: Embedder | None = None) -> None:
        """`embedder` (optional) lets a sentence the words leave undecided be matched by meaning."""
        from langchain_openai import ChatOpenAI

        self.settings = settings
        self.embedder = embedder
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

    def answer(self, question: str, lang: str, citations: list[Citation]) -> tuple[str, list[Citation], str | None]:
        text = self.chains[lang].invoke({"question": question, "passages": fence(citations)})
        return self.check(text, citations, lang)

    def stream(self, question: str, lang: str, citations: list[Citation]) -> Iterator[str]:
        yield from self.chains[lang].stream({"question": question, "passages": fence(citations)})

    def check(self, text: str, citations: list[Citation], lang: str) -> tuple[str, list[Citation], str | None]:
        """The grounded answer, the passages it cites, and a notice when sentences had to be
        re-attributed or dropped. Raises ModelRefused or NothingSupported."""
        if any(r in text for r in REFUSALS) and not MARKER.search(text):
            raise ModelRefused("the model found no answer in the passages")
        grounded = ground(text, citations, self.embedder)
        return grounded.text, grounded.citations, amended_notice(lang, grounded) if grounded.changed else None


def amended_notice(lang: str, g: Grounded) -> str:
    """The notice of an LLM answer whose sentences were re-attributed or dropped."""
    th = lang == "th"
    parts = []
    if g.added:
        parts.append(f"ระบบภาษา (LLM) ตอบโดยไม่ใส่เลขอ้างอิง {g.added} ประโยค จึงจับคู่ประโยคเหล่านั้นกับข้อความที่รองรับและเติมเลขอ้างอิงให้"
                     if th else f"The language model (LLM) answered {g.added} sentence(s) without citation markers; "
                     "they were matched to the passages they rest on and given markers")
    if g.corrected:
        parts.append(f"แก้เลขอ้างอิงที่ไม่ตรงกับข้อความที่รองรับ {g.corrected} ประโยค"
                     if th else f"{g.corrected} sentence(s) cited the wrong passage and were re-attributed")
    if g.dropped:
        parts.append(f"ตัดประโยคที่ไม่มีข้อความในเอกสารรองรับออก {g.dropped} ประโยค"
                     if th else f"{g.dropped} sentence(s) no passage supports were left out")
    return (" · " if th else "; ").join(parts) + ("" if th else ".")


def notice(lang: str, exc: BaseException) -> str:
    """The answer's notice when the LLM answer could not be used."""
    th = lang == "th"
    if isinstance(exc, ModelRefused):
        return ("ระบบภาษา (LLM) ตอบว่าข้อความที่ค้นพบไม่ครอบคลุมคำถามนี้ จึงแสดงข้อความที่ใกล้เคียงที่สุดจากเอกสารแทน" if th
                else "The language model (LLM) said the passages do not answer this; showing the closest passages instead.")
    if isinstance(exc, NothingSupported):
        return (f"คำตอบของระบบภาษา (LLM) ไม่มีประโยคใดที่ข้อความในเอกสารรองรับ (ตัดออก {exc.dropped} ประโยค) "
                "จึงแสดงคำตอบที่ยกข้อความจากเอกสารแทน" if th else
                f"The language model's (LLM) answer had no sentence the passages support ({exc.dropped} dropped); "
                "showing the extractive answer instead.")
    why = failure(exc)
    if th:
        what = {"timeout": "ไม่ตอบภายในเวลาที่กำหนด", "connection": "เชื่อมต่อไม่ได้"}.get(why, f"ทำงานผิดพลาด ({why})")
        return f"ระบบภาษา (LLM) {what} จึงแสดงคำตอบที่ยกข้อความจากเอกสารแทน"
    what = {"timeout": "did not respond in time", "connection": "could not be reached"}.get(why, f"failed ({why})")
    return f"The language model (LLM) {what}; showing the extractive answer instead."


def failure(exc: BaseException) -> str:
    """'timeout', 'connection', 'HTTP 500' or the exception's name (by class name, so that the
    OpenAI client is never imported here)."""
    names = {t.__name__ for t in type(exc).__mro__}
    if names & {"APITimeoutError", "TimeoutException", "TimeoutError", "ReadTimeout"}:
        return "timeout"
    if names & {"APIConnectionError", "ConnectError", "ConnectionError"}:
        return "connection"
    status = getattr(exc, "status_code", None)
    return f"HTTP {status}" if isinstance(status, int) else type(exc).__name__
