"""``assistant``: index, ask, chat. Errors meant for users print as one line, exit non-zero."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading

from .errors import AssistantError, UsageError

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", dest="corpus_dir", help="corpus folder (ASSISTANT_CORPUS_DIR)")
    common.add_argument("--index-dir", dest="index_dir", help="index folder (ASSISTANT_INDEX_DIR)")
    common.add_argument("--chroma-url", dest="chroma_url", help="Chroma server (ASSISTANT_CHROMA_URL)")

    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    index = sub.add_parser("index", parents=[common], help="index the corpus (incremental)")
    index.add_argument("--rebuild", action="store_true", help="re-embed everything")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.add_argument("--watch", action="store_true", help="then keep the index in step with the folder (Ctrl-C stops)")

    answer_options = argparse.ArgumentParser(add_help=False)
    answer_options.add_argument("--backend", help="auto, extractive, llamacpp or ollama")
    answer_options.add_argument("--top-k", type=int, help="passages to answer from")

    ask = sub.add_parser("ask", parents=[common, answer_options], help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    sub.add_parser("chat", parents=[common, answer_options], help="chat in the terminal")
    sub.add_parser("model", parents=[common], help="join and check the bundled LLM (once), print its path")
    serve = sub.add_parser("serve", parents=[common], help="start the chat page and the OpenAI-compatible API")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: localhost only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--insecure", action="store_true",
                       help="serve beyond localhost without a password or API tokens")
    sub.add_parser("token", help="print a new API token and the sha256 hash to put in ASSISTANT_API_TOKENS")
    ev = sub.add_parser("eval", parents=[common], help="run an eval suite, write a report")
    ev.add_argument("--suite", default="seeds", choices=["seeds", "xquad", "nomiracl", "claims", "documents"])
    ev.add_argument("--split", default="dev", choices=["dev", "test", "all"],
                    help="seeds, documents and xquad: tune on dev, report on test")
    ev.add_argument("--languages", help="xquad (default en,zh,de) and nomiracl (default en,fr,id,zh)")
    ev.add_argument("--backend", help="auto, extractive, llamacpp or ollama")
    ev.add_argument("--limit", type=int, help="seeds, documents: first N cases; xquad: N paragraphs; nomiracl: N queries a file")
    ev.add_argument("--offset", type=int, default=0, help="nomiracl: skip the first N queries of each file "
                    "(the first 50 train the answerability model: report from 50)")
    ev.add_argument("--only-cross-lingual", action="store_true",
                    help="xquad: answers in the cross-lingual setting only (an LLM run in a fraction of the time)")
    ev.add_argument("--data-dir", help="the suite's data (default evals/gold, ../shared/benchmarks/xquad or "
                    "../shared/benchmarks/nomiracl)")
    ev.add_argument("--work-dir", default="evals/work",
                    help="xquad, nomiracl, claims, documents: where their corpora are indexed")
    ev.add_argument("--out", default="evals/reports/latest", help="report folder")
    return parser


def _settings(args):
    from pydantic import ValidationError

    from .settings import Settings

    overrides = {k: getattr(args, k) for k in ("corpus_dir", "index_dir", "chroma_url")}
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise UsageError(f"setting {field}: {err['msg']} (check ASSISTANT_{field.upper()})") from e


def _print_answer(answer) -> None:
    print()
    for c in answer.citations:
        print(f"  [{c.n}] {c.source} p. {c.page} {c.start}-{c.end}")
    for d in answer.dropped:  # as the page's trace lists them: the user sees what was not shown, and why
        print(f"  dropped by verification: {d}", file=_stderr)
    for w in answer.warnings:
        print(f"  warning: {w}", file=_stderr)


class JudgeAhead:
    """The extractive gate's model (``Settings.llm_reader``), built and loaded in a thread that
    starts before this command imports the libraries and opens the index: llama.cpp loads the
    model outside the GIL, so a cold ``assistant ask`` waits for the longer of the two, not for
    both. ``give`` hands the judge to the assistant, whose first yes/no waits only for what is
    left of the load (the judge's lock); ``join`` before the process ends."""

    def __init__(self, settings):
        self.judge = None
        self._built = threading.Event()
        self.thread = threading.Thread(target=self._load, args=(settings,), name="judge-ahead", daemon=True)
        self.thread.start()

    def _load(self, settings) -> None:
        try:
            from .answer.judge import judge_for_settings

            self.judge = judge_for_settings(settings)
        except Exception as e:  # the question's own yes/no meets it again, and says so
            log.debug("the gate's model was not built ahead: %s", e)
        finally:
            self._built.set()
        try:
            if self.judge is not None:
                self.judge.prime()
        except Exception as e:
            log.debug("the gate's model was not loaded ahead: %s", e)

    def give(self, llms: dict) -> None:
        from .answer.judge import SHARED

        self._built.wait()
        if self.judge is not None:
            llms.setdefault(SHARED, self.judge)

    def join(self) -> None:
        self.thread.join()  # a model half loaded must not meet the interpreter's exit


def _judge_ahead(settings, backend: str | None) -> JudgeAhead | None:
    """A ``JudgeAhead`` when the extractive backend may answer with the model's yes/no (``auto``
    included: whether Ollama answers instead is known only once the libraries are loaded)."""
    if settings.llm_reader and (backend or settings.backend) in ("auto", "extractive"):
        return JudgeAhead(settings)
    return None


def run(args) -> int:
    if args.command == "token":  # needs no settings, no index
        import hashlib
        import secrets

        token = secrets.token_urlsafe(32)
        print(f"token: {token}")
        print(f"sha256: {hashlib.sha256(token.encode()).hexdigest()}")
        print("give the token to the client (API key); append the sha256 to ASSISTANT_API_TOKENS (comma-separated)")
        return 0
    settings = _settings(args)
    ahead = _judge_ahead(settings, args.backend) if args.command in ("ask", "chat") else None
    try:
        return _run(args, settings, ahead)
    finally:
        if ahead is not None:
            ahead.join()


def _run(args, settings, ahead: JudgeAhead | None = None) -> int:
    from .core import Assistant

    assistant = Assistant(settings)
    if args.command == "index":
        report = assistant.index(rebuild=args.rebuild, progress=not args.quiet and sys.stderr.isatty())
        print(report.summary(), flush=True)
        if args.watch:
            print(f"watching {assistant.settings.corpus_dir} (Ctrl-C stops)", flush=True)
            try:
                for report in assistant.watch(now=False):
                    print(report.summary(), flush=True)
            except KeyboardInterrupt:
                pass
        return 0
    if args.command in ("ask", "chat"):
        if ahead is not None:
            ahead.give(assistant.llms)
        if args.command == "chat":
            return _chat(assistant, args)
        if args.json:
            answer = assistant.ask(args.question, backend=args.backend, top_k=args.top_k)
            print(json.dumps(answer.to_json(), ensure_ascii=False))
            return 0
        answer = _stream(assistant, args.question, args)
        _print_answer(answer)
        return 0
    if args.command == "model":
        from .answer.bundled import SHA256, bundled_qwen

        settings = assistant.settings
        path = settings.gguf_path or bundled_qwen(settings.model_dir, progress=sys.stderr.isatty())
        checked = "" if settings.gguf_path else f", sha256 {SHA256[:12]}... checked"
        print(f"llamacpp model: {path} ({path.stat().st_size:,} bytes{checked})")
        if settings.llm_reader:  # the first question then does not wait for the gate's instruction
            from .answer.judge import Judge

            print(f"prompt cache of the extractive gate's yes/no: {Judge(path, state_dir=settings.model_dir).prime()}")
        return 0
    if args.command == "eval":
        return _eval(assistant, args)
    if args.command == "serve":
        from .server import serve

        assistant.store.active()  # fail now, in one line, if there is no index
        serve(assistant, args.host, args.port, args.insecure)
        return 0
    return 2


DATA_DIRS = {"seeds": "evals/gold", "xquad": "../shared/benchmarks/xquad", "nomiracl": "../shared/benchmarks/nomiracl"}
LANGUAGES = {"seeds": "", "xquad": "en,zh,de", "nomiracl": "en,fr,id,zh"}
DATA_DIRS["claims"], LANGUAGES["claims"] = "evals/gold", ""  # claims.jsonl; the corpus is --corpus (seeds/)
DATA_DIRS["documents"], LANGUAGES["documents"] = "evals/gold", ""  # documents.jsonl over evals/documents/corpus
REPORTS = "evals/reports"  # runs kept here regenerate evals/RESULTS.md


def _eval(assistant, args) -> int:
    from pathlib import Path

    from tqdm import tqdm

    from .evals.report import cpu, update_readme, write, write_results
    from .evals.run import Options, run

    data_dir = Path(args.data_dir or DATA_DIRS[args.suite])
    if not data_dir.is_dir():
        raise UsageError(f"no {args.suite} data at {data_dir}: pass --data-dir")
    languages = tuple(x.strip() for x in (args.languages or LANGUAGES[args.suite]).split(",") if x.strip())
    options = Options(args.suite, data_dir, Path(args.work_dir), args.split, args.backend, languages, args.limit,
                      args.offset, args.only_cross_lingual)
    bar = tqdm(desc=f"eval {args.suite}", unit="q", disable=not sys.stderr.isatty())

    def progress(done=None, total=None):
        bar.total = total or bar.total
        bar.update(1 if done is None else done - bar.n)

    report = run(assistant, options, progress)
    bar.close()
    report["command"] = _command_line()
    report["cpu"] = cpu()
    report["llm_reader"] = assistant.reader_name()  # the model in the extractive gate, or None
    out = Path(args.out)
    write(report, out)
    if out.resolve().parent == Path(REPORTS).resolve():
        write_results(Path(REPORTS), Path(REPORTS).parent / "RESULTS.md")
        if Path("README.md").is_file():
            update_readme(Path(REPORTS), Path("README.md"))
    summary = report["metrics"] if args.suite != "xquad" else report.get("parallel", {}).get("all", report.get("cross_lingual"))
    print(json.dumps(summary))
    print(f"report: {out / 'report.md'}")
    return 0


def _stream(assistant, question, args, history=None):
    answer = None
    for piece in assistant.stream(question, history, backend=args.backend, top_k=args.top_k):
        if isinstance(piece, str):
            print(piece, end="", flush=True)
        else:
            answer = piece
    return answer


def _chat(assistant, args) -> int:
    print("Ask about the corpus in any language; an empty line or Ctrl-D quits.")
    history: list[dict] = []
    while True:
        try:
            question = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question.strip():
            return 0
        try:
            answer = _stream(assistant, question, args, history)
        except UsageError as e:
            print(f"error: {e}", file=_stderr)
            continue
        _print_answer(answer)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def _command_line() -> str:
    return " ".join(["assistant", *sys.argv[1:]])


# Where this command's errors and warnings go: ``sys.stderr`` as ``main`` found it. A model loading
# in another thread swaps ``sys.stderr`` for a buffer for about a second (``llms.load_llama``).
_stderr = sys.stderr


def main(argv: list[str] | None = None) -> int:
    global _stderr
    _stderr = sys.stderr
    args = _parser().parse_args(argv)
    debug = os.environ.get("ASSISTANT_DEBUG", "").lower() in ("1", "true", "yes")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # Debug detail from this package only: libraries log retrieved passages in full at DEBUG.
    logging.getLogger("assistant").setLevel(logging.DEBUG if debug else logging.WARNING)
    try:
        return run(args)
    except AssistantError as e:
        if debug:
            raise
        print(f"error: {e}", file=_stderr)
        return 2 if isinstance(e, UsageError) else 1
    except KeyboardInterrupt:
        print("interrupted", file=_stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
