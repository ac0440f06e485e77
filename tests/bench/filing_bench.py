"""Benchmark: render and sign case filings (goal: one case < 1.5 s), and a batch of 200.

Run: ``.venv/bin/python tests/bench/filing_bench.py [--batch 200] [--repeat 5]``

Everything runs in a scratch data directory with a freshly generated key. Each
measurement is printed beside its baseline from the same run, so numbers from
machines of different speed stay comparable:

* one case: render only (the baseline) vs render + sign, warm (median of
  ``--repeat``), plus the first render of the process (cold caches) and the
  whole ``rtech file case --sign`` command (a new process: imports included);
* a batch: the same documents rendered, then signed, in one pass; render-only
  and sign-only totals are the baseline of the render + sign total;
* the same batch through ``rtech file … --jobs N`` 's code path (worker
  processes, files written), against that one-process total.

No assertion: this prints; the tests test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "filing" / "examples" / "case-cardio.json"
PASSPHRASE = "benchmark passphrase"


def _case(index: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["case_id"] = f"C2024-{index:06d}"
    data["revision"] = 1 + index % 3
    data["answers"]["procedure"]["stent_count"] = 1 + index % 4
    return data


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200, help="documents in the batch")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of the single case")
    parser.add_argument("--skip-cli", action="store_true", help="skip the subprocess timing")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the last batch")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="rtech-filing-bench-"))
    os.environ["RTECH_DATA_DIR"] = str(scratch / "data")
    os.environ["RTECH_CONFIG_DIR"] = str(scratch / "config")
    os.environ.pop("RTECH_TSA_URL", None)

    started = time.perf_counter()
    from rtech.filing import keys
    from rtech.filing.documents import document_from_json
    from rtech.filing.render import Renderer
    from rtech.filing.sign import sign_pdf

    imported = time.perf_counter() - started

    keys.generate(institution="四川省某某人民医院", printed_name="陈静", passphrase=PASSPHRASE)
    t0 = time.perf_counter()
    signer = keys.load_signer(PASSPHRASE)
    unlock = time.perf_counter() - t0

    document = document_from_json(_case(0))
    t0 = time.perf_counter()
    renderer = Renderer()
    first = renderer.render(document)
    cold = time.perf_counter() - t0

    render_times, total_times = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        rendered = renderer.render(document)
        t1 = time.perf_counter()
        sign_pdf(rendered.pdf, signer, fonts=renderer.fonts)
        t2 = time.perf_counter()
        render_times.append(t1 - t0)
        total_times.append(t2 - t0)
    render_one = statistics.median(render_times)
    total_one = statistics.median(total_times)

    print(f"rtech filing benchmark (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(f"  scratch: {scratch}")
    print(f"  import rtech.filing (render, keys, sign):   {_ms(imported)}")
    print(f"  unlock the key (PKCS#12, PBKDF2):          {_ms(unlock)}")
    print(f"One case filing ({first.pages} pages), median of {args.repeat}:")
    print(f"  first render in a new process (cold):      {_ms(cold)}")
    print(f"  render only (baseline):                    {_ms(render_one)}")
    print(f"  render + sign:                             {_ms(total_one)}   (goal < 1500 ms)")
    print(f"  of which signing:                          {_ms(total_one - render_one)}")

    if not args.skip_cli:
        data_file = scratch / "case.json"
        data_file.write_text(json.dumps(_case(1), ensure_ascii=False), encoding="utf-8")
        (scratch / "pass.txt").write_text(PASSPHRASE, encoding="utf-8")
        rtech = Path(sys.executable).parent / "rtech"
        command = [str(rtech), "file", "case", "--data", str(data_file), "-o"]
        t0 = time.perf_counter()
        subprocess.run([*command, str(scratch / "plain.pdf")], check=True, capture_output=True)
        cli_render = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run(
            [*command, str(scratch / "signed.pdf"), "--sign", "--passphrase-file", "pass.txt"],
            check=True,
            capture_output=True,
            cwd=scratch,
        )
        cli_total = time.perf_counter() - t0
        print("The command, in a new process (imports, plugins, key unlock included):")
        print(f"  rtech file case (baseline):                {_ms(cli_render)}")
        print(f"  rtech file case --sign:                    {_ms(cli_total)}")

    documents = [document_from_json(_case(i)) for i in range(args.batch)]
    render_total = sign_total = 0.0
    per_document = []
    t_batch = time.perf_counter()
    for index, doc in enumerate(documents, 1):
        t0 = time.perf_counter()
        rendered = renderer.render(doc)
        t1 = time.perf_counter()
        sign_pdf(rendered.pdf, signer, fonts=renderer.fonts)
        t2 = time.perf_counter()
        render_total += t1 - t0
        sign_total += t2 - t1
        per_document.append(t2 - t0)
        if index % 20 == 0:
            print(f"  … {index}/{args.batch}", file=sys.stderr, flush=True)
    batch_total = time.perf_counter() - t_batch
    per_document.sort()
    p95 = per_document[max(0, int(len(per_document) * 0.95) - 1)]
    print(f"Batch of {args.batch} case filings, one process:")
    print(f"  render only (baseline):                    {render_total:8.1f} s")
    print(f"  sign only:                                 {sign_total:8.1f} s")
    print(f"  render + sign:                             {batch_total:8.1f} s")
    print(
        f"  per filing: mean {_ms(batch_total / args.batch).strip()}, "
        f"median {_ms(statistics.median(per_document)).strip()}, p95 {_ms(p95).strip()}"
    )

    if args.jobs > 1:
        from rtech.filing.batch import SignOptions, render_batch

        out = scratch / "batch"
        out.mkdir()
        items = [(_case(i), f"第 {i + 1} 项", out / f"{i}.pdf") for i in range(args.batch)]
        t0 = time.perf_counter()
        render_batch(items, sign=SignOptions(PASSPHRASE), jobs=args.jobs)
        parallel = time.perf_counter() - t0
        print(f"The same batch, render + sign + write, {args.jobs} worker processes:")
        print(f"  one process (above, baseline):             {batch_total:8.1f} s")
        print(f"  {args.jobs} processes (start-up included):          {parallel:8.1f} s")


if __name__ == "__main__":
    main()
