"""Batch throughput: short posts per second with the local engine (1 and 2 workers) and
Spark ``local[2]``, peak memory of the whole process tree, against a keyword-scan baseline.

1. Generates ``--posts`` (default 100,000) short posts in Russian, English, Spanish, French,
   Hindi and Nepali, 5 % of them dangerous (military recruitment dressed as a civilian job,
   passports kept, fees), from templates and random fillers with a fixed seed, into
   ``build/bench-batch/posts.jsonl`` (kept between runs: same seed, same file).
2. Runs ``beforeyousign batch`` on the first ``--records`` posts (default 4,000) in fresh
   processes, each configuration on the same posts, writing JSON Lines under
   ``build/bench-batch/``:
     in-process   the engine's own function in a loop, no pool, nothing written (the
                  ceiling: what batch adds is the difference)
     local x1     the process pool with 1 worker (the parent reads and writes meanwhile)
     local x2     the process pool with 2 workers
     spark        ``--engine spark --master local[2]`` (skipped without Java or pyspark;
                  ``--spark-records`` sets its share, default the same posts)
     no analysis  local x2 on every post with the analysis replaced by a copy of one real
                  row: what the batch machinery alone (reading, chunking, the pool, writing
                  ~3.6 kB rows) can carry
   and, with ``--full``, local x2 on every post.
3. The baseline: a lower-case keyword scan (bench/_common.py) over every post, read from the
   same JSONL file.

The parent's own CPU time per record (reading, chunking, writing; the sampler thread's
excluded) is printed under the table.

For each run: wall time, start-up (local: time to the first result, spawning and warming
the workers; Spark: starting the session and its JVM), records/s over the whole run and in
steady state (after the start-up; for Spark this includes warming its Python workers, and
results arrive a wave of 5,000 at a time), and the peak memory of the process tree (the
parent, the fork server and its workers, the JVM and Spark's Python workers): the sum of
their proportional set sizes (PSS: a page shared by n processes counts 1/n in each), sampled
every 0.2 s from /proc (Linux).

    .venv/bin/python bench/bench_batch.py [--records 4000] [--full] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import REPO, baseline_scan, machine, ratio, table

OUT = REPO / "build" / "bench-batch"
SEED = 20241125
DANGEROUS_SHARE = 0.05
GOAL_RATE = 4000  # the goal: short posts per second on 2 cores

CITIES = {
    "ru": ["Москва", "Казань", "Ростов-на-Дону", "Екатеринбург", "Новосибирск", "Краснодар"],
    "en": ["Moscow", "Kazan", "Rostov", "St Petersburg", "Novosibirsk", "Sochi"],
    "es": ["Moscú", "Kazán", "San Petersburgo", "Rostov", "Sochi"],
    "fr": ["Moscou", "Kazan", "Saint-Pétersbourg", "Rostov", "Sotchi"],
    "hi": ["मॉस्को", "कज़ान", "सेंट पीटर्सबर्ग", "रूस"],
    "ne": ["मस्को", "काजान", "सेन्ट पिटर्सबर्ग", "रुस"],
}
JOBS = {
    "ru": ["повар", "уборщица", "водитель", "грузчик", "официант", "сварщик", "продавец"],
    "en": ["cook", "cleaner", "driver", "warehouse worker", "waiter", "welder", "shop assistant"],
    "es": ["cocinero", "limpiador", "conductor", "camarero", "soldador"],
    "fr": ["cuisinier", "agent d'entretien", "chauffeur", "serveur", "soudeur"],
    "hi": ["रसोइया", "सफाईकर्मी", "ड्राइवर", "वेटर", "वेल्डर"],
    "ne": ["भान्से", "सफाइकर्मी", "ड्राइभर", "वेटर", "वेल्डर"],
}
SAFE = {
    "ru": [
        "Требуется {job} в {city}. Зарплата {pay} руб. в месяц, график 5/2. Звоните {phone}.",
        "Вакансия: {job}, {city}. Оплата {pay} руб., официальное оформление. Пишите {handle}",
        "{city}: ищем {job}а на полный день, {pay} руб., обучение. Тел. {phone}",
    ],
    "en": [
        "{job} wanted in {city}. Salary {pay} rub per month, 5 days a week. Call {phone}.",
        "Job: {job} in {city}, {pay} rub, official contract, housing help. Write {handle}",
    ],
    "es": ["Se busca {job} en {city}. Salario {pay} rublos al mes. Llame al {phone}."],
    "fr": ["Recherche {job} à {city}. Salaire {pay} roubles par mois. Appelez le {phone}."],
    "hi": ["{city} में {job} की नौकरी, वेतन {pay} रूबल प्रति माह। संपर्क करें {phone}"],
    "ne": ["{city} मा {job} को काम, तलब {pay} रुबल प्रति महिना। सम्पर्क {phone}"],
}
DANGEROUS = {
    "ru": [
        "Набор в зону СВО! Контракт с Министерством обороны на 1 год, единовременная выплата "
        "{bonus} руб. Должность: {job}. Звоните {phone}",
        "Требуются охранники на объекты Минобороны, {city}. Паспорт сдаётся работодателю на "
        "весь срок. {pay} руб. Пишите {handle}",
    ],
    "en": [
        "Security helper jobs in Russia with the army, contract 1 year, salary {pay} rub, "
        "visa and ticket free. Passport kept by the agent. WhatsApp {phone}",
        "Urgent! Only 5 seats left. {job} for military unit in {city}, Russian citizenship "
        "after 1 year. Agent fee 3000 USD. Contact {handle}",
    ],
    "es": ["Trabajo en Rusia como ayudante militar, contrato de un año con el ejército, "
           "pasaporte retenido. Salario {pay} rublos. {phone}"],
    "fr": ["Travail en Russie: agent de sécurité pour l'armée russe, contrat militaire d'un an, "
           "passeport confisqué. Salaire {pay} roubles. {phone}"],
    "hi": ["रूस में सेना के साथ सुरक्षा सहायक की नौकरी, एक साल का अनुबंध, पासपोर्ट एजेंट के पास "
           "रहेगा। वेतन {pay} रूबल। {phone}"],
    "ne": ["रुसी सेनामा सुरक्षा सहायकको काम, एक वर्षको सम्झौता, राहदानी एजेन्टसँग रहनेछ। तलब "
           "{pay} रुबल। {phone}"],
}  # fmt: skip
LANGUAGES = ("ru", "ru", "ru", "en", "en", "es", "fr", "hi", "ne")  # Russian ads dominate


def generate(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    with open(temp, "w", encoding="utf-8") as out:
        for number in range(count):
            lang = rng.choice(LANGUAGES)
            dangerous = rng.random() < DANGEROUS_SHARE
            template = rng.choice((DANGEROUS if dangerous else SAFE)[lang])
            operator = rng.choice(("912", "903", "926", "985", "977"))
            text = template.format(
                job=rng.choice(JOBS[lang]),
                city=rng.choice(CITIES[lang]),
                pay=f"{rng.randrange(40, 250) * 1000:,}".replace(",", " "),
                bonus=f"{rng.randrange(5, 30) * 100_000:,}".replace(",", " "),
                phone=f"+7 {operator} {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-"
                f"{rng.randrange(10, 99)}",
                handle=f"@{rng.choice(('job', 'rabota', 'hr', 'vacancy'))}_{rng.randrange(10**4)}",
            )
            post = {"id": f"post-{number:06d}", "text": text, "lang": lang,
                    "dangerous": dangerous}  # fmt: skip
            out.write(json.dumps(post, ensure_ascii=False) + "\n")
    temp.replace(path)
    (path.with_suffix(".meta.json")).write_text(json.dumps({"count": count, "seed": seed}))


def ensure_posts(count: int, seed: int) -> Path:
    path = OUT / "posts.jsonl"
    meta = path.with_suffix(".meta.json")
    if not (path.is_file() and meta.is_file() and json.loads(meta.read_text()) ==
            {"count": count, "seed": seed}):  # fmt: skip
        started = time.perf_counter()
        generate(path, count, seed)
        print(f"generated {count:,} posts in {time.perf_counter() - started:.1f} s: "
              f"{path.relative_to(REPO)}", file=sys.stderr)  # fmt: skip
    return path


def subset(posts: Path, count: int) -> Path:
    path = OUT / f"posts-{count}.jsonl"
    with open(posts, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        for number, line in enumerate(source):
            if number >= count:
                break
            out.write(line)
    return path


# --- memory of a process tree -------------------------------------------------------------


def _rss_kib(pid: int) -> int:
    """Proportional set size (shared pages divided among the processes sharing them), or
    the resident set size where the kernel has no smaps_rollup."""
    for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as status:
                for line in status:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_rss_mib(root: int) -> tuple[float, int]:
    """Memory of ``root`` and all its descendants (MiB, PSS), and how many there are."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children[ppid].append(int(entry))
    total, count, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kib(pid)
        count += 1
        stack.extend(children.get(pid, ()))
    return total / 1024, count


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.processes = 0
        self.cpu = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            rss, count = tree_rss_mib(os.getpid())
            if rss > self.peak:
                self.peak, self.processes = rss, count
        self.cpu = time.thread_time()  # its own CPU time, not the batch's


# --- one configuration, in a fresh process ------------------------------------------------

_ROW: list[str] = []


def fake_chunk(records: Any, language: str) -> Any:
    """The batch machinery without the analysis: every record gets the same real row (the
    report of one short ad, about 3.6 kB), made once per worker."""
    from beforeyousign.batch.records import Record
    from beforeyousign.batch.worker import Outcome, analyse_record

    if not _ROW:
        sample = Record("sample", "posts", None, "sample", text=SAFE["ru"][0].format(
            job="повар", city="Казань", pay="60 000", phone="+7 912 345-67-89"))  # fmt: skip
        _ROW.append(analyse_record(sample, language).line)
    return [Outcome(r.seq, r.id, _ROW[0], "no_warning_signs", (), None, None) for r in records]


def child(config: str, source: Path, output: Path) -> dict[str, Any]:
    sampler = Sampler()
    sampler.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    first: list[float] = []
    if config == "in-process":
        from beforeyousign.batch.records import Record
        from beforeyousign.batch.worker import analyse_record, warm_up

        warm_up("")
        count = 0
        with open(source, encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                post = json.loads(line)
                record = Record(post["id"], "posts", None, post["id"], text=post["text"],
                                seq=number)  # fmt: skip
                analyse_record(record, "")
                if not first:
                    first.append(time.perf_counter())
                count += 1
    else:
        from beforeyousign.batch import BatchOptions, run_batch
        from beforeyousign.batch.run import make_engine

        engine_name, _, workers = config.partition(" x")
        if engine_name == "no analysis":  # the batch machinery alone
            engine_name = "local"
        options = BatchOptions(
            inputs=(str(source),), output=str(output), restart=True,
            engine="spark" if engine_name == "spark" else "local",
            workers=int(workers or 2), master="local[2]",
        )  # fmt: skip
        engine: Any = make_engine(options)
        if config.startswith("no analysis"):
            from beforeyousign.batch.local import LocalEngine

            engine = LocalEngine(options.workers, analyse=fake_chunk)
        if options.engine == "spark":
            # Start the JVM first: "start" is the session's start-up, and the steady rate
            # runs from there (Python workers' warm-up included, results come per wave).
            from beforeyousign.batch.spark import SparkEngine

            session = engine._start()
            first.append(time.perf_counter())
            engine = SparkEngine(options.language, options.master, session=session)

        class Timed:
            def run(self, records: Any) -> Any:
                for outcome in engine.run(records):
                    if not first:
                        first.append(time.perf_counter())
                    yield outcome

        summary = run_batch(options, engine=Timed())
        count = summary.written
        if options.engine == "spark":
            session.stop()
    ended = time.perf_counter()
    sampler.stop.set()
    sampler.join()
    cpu = time.process_time() - cpu_started - sampler.cpu
    seconds = ended - started
    startup = (first[0] - started) if first else seconds
    done_after_first = count if config == "spark" else count - 1
    steady = done_after_first / (ended - first[0]) if first and ended > first[0] else 0.0
    return {
        "config": config, "records": count, "seconds": seconds, "startup": startup,
        "rate": count / seconds if seconds else 0.0, "steady_rate": steady,
        "peak_mib": sampler.peak, "processes": sampler.processes,
        "parent_cpu_ms_per_record": 1000 * cpu / count if count else 0.0,
    }  # fmt: skip


def run_child(config: str, source: Path, timeout: float) -> dict[str, Any] | None:
    output = OUT / f"out-{config.replace(' ', '')}.jsonl"
    command = [sys.executable, __file__, "--child", config, "--source", str(source),
               "--output", str(output)]  # fmt: skip
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        print(f"{config}: timed out after {timeout:.0f} s", file=sys.stderr)
        return None
    if done.returncode != 0:
        print(f"{config}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def baseline(posts: Path) -> dict[str, Any]:
    started = time.perf_counter()
    count = hits = 0
    with open(posts, encoding="utf-8") as lines:
        for line in lines:
            hits += bool(baseline_scan(json.loads(line)["text"]))
            count += 1
    seconds = time.perf_counter() - started
    return {"config": "baseline", "records": count, "seconds": seconds, "startup": 0.0,
            "rate": count / seconds, "steady_rate": count / seconds, "peak_mib": None,
            "processes": 1, "hits": hits}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts generated (100,000)")
    parser.add_argument("--records", type=int, default=4000, help="posts per run (4,000)")
    parser.add_argument("--spark-records", type=int, default=None, help="posts for Spark")
    parser.add_argument("--full", action="store_true", help="also local x2 on every post")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark run")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--timeout", type=float, default=3600, help="per run, seconds")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the numbers")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.source, args.output)))
        return

    posts = ensure_posts(args.posts, args.seed)
    records = min(args.records, args.posts)
    part = subset(posts, records)
    results = [baseline(posts)]
    plan: list[tuple[str, Path]] = [("in-process", part), ("local x1", part), ("local x2", part)]
    spark_ok = not args.no_spark and shutil.which("java") is not None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        spark_ok = False
    if spark_ok:
        spark_records = min(args.spark_records or records, args.posts)
        plan.append(("spark", subset(posts, spark_records) if spark_records != records else part))
    else:
        print("spark: skipped (no java, or pyspark not installed, or --no-spark)", file=sys.stderr)
    plan.append(("no analysis x2", posts))
    if args.full:
        plan.append(("local x2 full", posts))
    for config, source in plan:
        print(f"running {config} on {source.name} ...", file=sys.stderr)
        found = run_child(config.removesuffix(" full"), source, args.timeout)
        if found is not None:
            found["config"] = config
            results.append(found)

    base_rate = results[0]["rate"]
    rows = []
    for r in results:
        rows.append([
            r["config"], f"{r['records']:,}", f"{r['seconds']:.1f}", f"{r['startup']:.1f}",
            f"{r['rate']:,.0f}", f"{r['steady_rate']:,.0f}",
            "" if r["peak_mib"] is None else f"{r['peak_mib']:.0f} ({r['processes']})",
            "" if r["config"] == "baseline" else ratio(base_rate, r["steady_rate"]),
        ])  # fmt: skip
    print(machine() + f"  posts={args.posts:,} seed={args.seed}")
    print(table(
        ["run", "posts", "wall s", "start s", "rec/s", "steady rec/s", "peak PSS MiB (procs)",
         "base/ours"],
        rows,
        f"bench_batch: short posts ({DANGEROUS_SHARE:.0%} dangerous; ru en es fr hi ne)",
    ))  # fmt: skip
    by = {r["config"]: r for r in results}
    if "local x1" in by and "local x2" in by and by["local x1"]["steady_rate"]:
        scaling = by["local x2"]["steady_rate"] / by["local x1"]["steady_rate"]
        print(f"scaling 1 -> 2 workers: {scaling:.2f}x (steady state)")
    if "in-process" in by and "local x1" in by and by["local x1"]["steady_rate"]:
        ours = 1 / by["local x1"]["steady_rate"] - 1 / by["in-process"]["steady_rate"]
        print(f"wall time per record, local x1 minus in-process: {ours * 1000:+.2f} ms "
              "(negative: the parent's reading and writing run beside the worker)")  # fmt: skip
    for config in ("local x1", "local x2", "no analysis x2"):
        if config in by:
            print(f"{config}: the parent (reading, chunking, writing) used "
                  f"{by[config]['parent_cpu_ms_per_record']:.2f} ms of CPU per record")  # fmt: skip
    analysed = [r for r in results if r["config"] not in ("baseline", "no analysis x2")]
    best = max((r["steady_rate"] for r in analysed), default=0)
    print(f"goal {GOAL_RATE:,} posts/s on 2 cores: best steady rate {best:,.0f} posts/s "
          f"({'met' if best >= GOAL_RATE else 'not met'})")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
