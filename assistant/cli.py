"""``assistant``: index, ask, chat. Errors meant for users print as one line, exit non-zero."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from .errors import AssistantError, UsageError


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

    answer_options = argparse.ArgumentParser(add_help=False)
    answer_options.add_argument("--backend", help="auto, extractive, llamacpp or ollama")
    answer_options.add_argument("--top-k", type=int, help="passages to answer from")

    ask = sub.add_parser("ask", parents=[common, answer_options], help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    sub.add_parser("chat", parents=[common, answer_options], help="chat in the terminal")
    serve = sub.add_parser("serve", parents=[common], help="start the chat page")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: localhost only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--insecure", action="store_true", help="serve beyond localhost without a password")
    ev = sub.add_parser("eval", parents=[common], help="answer the gold questions, write a report")
    ev.add_argument("--suite", default="seeds", choices=["seeds", "xquad"])
    ev.add_argument("--languages", default="en,zh,de", help="xquad: languages, comma-separated")
    ev.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    ev.add_argument("--backend", help="auto, extractive, llamacpp or ollama")
    ev.add_argument("--out", default="evals/reports/latest", help="report folder")
    ev.add_argument("--judge", choices=["ollama", "llamacpp"], help="seeds: an LLM entailment judge too")
    ev.add_argument("--limit", type=int, help="only the first N cases (xquad: paragraphs), for quick runs")
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
        print(f"  [{c.n}] {c.source} {c.start}-{c.end}")
    for w in answer.warnings:
        print(f"  warning: {w}", file=sys.stderr)


def run(args) -> int:
    from .core import Assistant

    assistant = Assistant(_settings(args))
    if args.command == "index":
        report = assistant.index(rebuild=args.rebuild, progress=not args.quiet and sys.stderr.isatty())
        print(report.summary())
        return 0
    if args.command == "ask":
        if args.json:
            answer = assistant.ask(args.question, backend=args.backend, top_k=args.top_k)
            print(json.dumps(answer.to_json(), ensure_ascii=False))
            return 0
        answer = _stream(assistant, args.question, args)
        _print_answer(answer)
        return 0
    if args.command == "chat":
        return _chat(assistant, args)
    if args.command == "eval":
        return _eval(assistant, args)
    if args.command == "serve":
        from .web import serve

        assistant.store.active()  # fail now, in one line, if there is no index
        serve(assistant, args.host, args.port, args.insecure)
        return 0
    return 2


def _eval(assistant, args) -> int:
    from pathlib import Path

    from tqdm import tqdm

    from .evaluate import evaluate_seeds, write_report

    name = assistant.settings.check_backend(args.backend)
    bar = tqdm(desc=f"eval {args.suite}/{args.split}/{name}", unit="q", disable=not sys.stderr.isatty())

    def progress(done, total):
        bar.total = total
        bar.update(done - bar.n)

    if args.suite == "xquad":
        _eval_xquad(assistant, args, progress)
        bar.close()
        return 0
    report = evaluate_seeds(assistant, args.split, name, progress, args.limit, args.judge)
    bar.close()
    report["command"] = _command_line()
    write_report(report, Path(args.out))
    _update_results(Path(args.out))
    print(json.dumps(report["metrics"]))
    print(f"report: {Path(args.out) / 'report.md'}")
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
            print(f"error: {e}", file=sys.stderr)
            continue
        _print_answer(answer)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def _eval_xquad(assistant, args, progress) -> None:
    """Index the XQuAD paragraphs beside the main index (under it, git-ignored) and measure."""
    import shutil
    from pathlib import Path

    from .core import Assistant
    from .xquad import evaluate_answers, evaluate_xquad, load, markdown, plot, write_corpus

    languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    paragraphs = load(languages, args.limit or 240)
    work = assistant.settings.index_dir / "xquad"
    shutil.rmtree(work / "corpus", ignore_errors=True)  # a smaller --limit must not keep old files
    write_corpus(paragraphs, work / "corpus")
    bench = Assistant(assistant.settings.model_copy(update={
        "corpus_dir": work / "corpus", "index_dir": work / "index", "chroma_url": None}))
    print(bench.index(progress=sys.stderr.isatty()).summary(), file=sys.stderr)
    report = evaluate_xquad(bench, paragraphs, progress)
    report["answers"] = evaluate_answers(bench, paragraphs, args.backend or "extractive", progress)
    report["command"] = _command_line()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    plot(report, out)
    print(json.dumps(report["metrics"]))
    print(f"report: {out / 'report.md'}")
    _update_results(out)


def _command_line() -> str:
    return " ".join(["assistant", *sys.argv[1:]])


def _update_results(out) -> None:
    """Reports kept under evals/reports/ feed evals/RESULTS.md."""
    from .evaluate import EVALS, write_results

    if out.resolve().parent == (EVALS / "reports").resolve():
        write_results()


def main(argv: list[str] | None = None) -> int:
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
        print(f"error: {e}", file=sys.stderr)
        return 2 if isinstance(e, UsageError) else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
