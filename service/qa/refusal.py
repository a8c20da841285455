"""The found / not-found decision: several signals, one calibrated logistic model.

Signals (all cheap, from work the answer does anyway):
- `dense`: best cosine similarity of the top three passages to the question;
- `unit_cov`: how much of the question's words (weighted by rarity in the index) the unit
  chosen to answer from contains, and `passage_cov` the same over its whole passage;
- `attr_cov`: the same for the words just before the question's cue, what the fact is *of*
  ("อายุ" in "…มีอายุกี่ปี"): a unit with a duration but not of that thing does not answer;
- `fact_missing`: the question asks for a kind of fact (a duration, an amount, an office …)
  and the chosen unit states none (for a penalty: no penalty clause names the duty found);
- `delegated`: that, and the unit leaves the value to a later rule ("ตามที่รัฐมนตรีประกาศกำหนด");
- `unseen`: share of the question's word weight that the index has never seen at all;
- `other_law`: the question names a law that no indexed document is titled after;
- `margin`: how far the best passage stands ahead of the second by similarity;
- `en`: the question is English (its similarities run lower);
- `wants_fact`, `yesno`, `open`: what the question's form asks for (a fact of a kind, a yes or no, neither):
  the coverage and similarity that make an answer differ between them;
- `session`: the answering passage is a session's turn, whose wording is an official's own.
A named section ("มาตรา ๒๖") is always found; a unit that speaks of one party the law defines
when the question asks about another ("ผู้ขนส่ง…" for "ทะเบียนผู้ก่อกาก…") never is. The weights come from
`bench/calibrate_refusal.py` (cross-validated on labelled questions) and live in
`service/qa/refusal_model.json`; the operating point is chosen there too.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "refusal_model.json"
FEATURES = ("dense", "unit_cov", "passage_cov", "attr_cov", "fact_missing", "delegated", "unseen", "other_law",
            "margin", "en", "wants_fact", "yesno", "open", "session")


@dataclass(frozen=True)
class Signals:
    dense: float
    unit_cov: float
    passage_cov: float
    attr_cov: float
    fact_missing: float
    delegated: float
    unseen: float
    other_law: float
    margin: float
    en: float
    wants_fact: float = 0.0  # the question asks for a figure, a date, a name …
    yesno: float = 0.0  # … or whether something is so
    open: float = 0.0  # … or nothing the cues recognise ("ผลโครงการจะเอาไปใช้ทำอะไรต่อ")
    session: float = 0.0  # the answering passage is a session's, not a document's
    named: bool = False
    other_party: bool = False  # the unit speaks of another party than the one asked about (never found)
    unsaid: bool = False  # a named speaker's answering turn holds none of what they are asked about (never found)

    def vector(self) -> np.ndarray:
        return np.array([getattr(self, f) for f in FEATURES], dtype=np.float64)

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


class RefusalModelError(ValueError):
    pass


@dataclass(frozen=True)
class RefusalModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    bias: float
    threshold: float  # probability at or above which the answer is "found"

    def probability(self, s: Signals) -> float:
        if s.named:
            return 1.0
        if s.other_party or s.unsaid:
            return 0.0
        z = float(((s.vector() - self.mean) / self.scale) @ self.coef + self.bias)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> RefusalModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if tuple(data["features"]) != FEATURES:
                raise RefusalModelError(f"{path}: features {data['features']}, expected {list(FEATURES)}")
            return cls(np.array(data["mean"], float), np.array(data["scale"], float), np.array(data["coef"], float),
                       float(data["bias"]), float(data["threshold"]))
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise RefusalModelError(f"refusal model {path}: {exc}") from exc

    def save(self, path: Path, extra: dict | None = None) -> None:
        data = {"features": list(FEATURES), "mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(),
                "coef": self.coef.round(6).tolist(), "bias": round(self.bias, 6),
                "threshold": round(self.threshold, 4), **(extra or {})}
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, weights: np.ndarray | None = None,
        threshold: float = 0.5) -> RefusalModel:
    """L2-regularised logistic regression by Newton's method on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    n, d = z.shape
    a = np.hstack([z, np.ones((n, 1))])
    w = np.zeros(d + 1)
    sw = np.ones(n) if weights is None else weights
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(a @ w, -30, 30)))
        grad = a.T @ (sw * (p - y)) + reg * w
        hess = (a * (sw * p * (1 - p))[:, None]).T @ a + np.diag(reg) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return RefusalModel(mean, scale, w[:-1], float(w[-1]), threshold)
