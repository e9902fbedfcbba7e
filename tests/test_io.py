from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.errors import InputError, OutputError
from dashboard.io import read as nio
from dashboard.io import tables as tables_io

BODY = "The mayor opened the new bridge on Sunday after three years of works.\n"


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_seeds_read_with_their_sources(seed_corpus):
    assert [a.file for a in seed_corpus.articles] == [
        "000_315fe2bed2d53d30.txt",
        "001_8dd6b9e86162486a.txt",
        "002_898512bc08cbb9b7.txt",
        "003_0de6c06a7072f844.txt",
        "004_76c8171fdb820c38.txt",
    ]
    assert seed_corpus.skipped == [] and seed_corpus.warnings == []
    first = seed_corpus.articles[0]
    assert first.source == nio.SourceRow(
        "000_315fe2bed2d53d30.txt", "The Zimbabwe Mail", "Zimbabwe", None, date(2025, 2, 26)
    )
    assert seed_corpus.articles[1].source.published is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n\t ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data (NUL bytes), not a text file"),
        (
            bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50 + b"text",
            "binary data (control characters), not a text file",
        ),
    ],
)
def test_unusable_files_are_skipped_with_a_reason(tmp_path, data, reason):
    _write(tmp_path, "good.txt", BODY)
    _write(tmp_path, "bad.txt", data)
    corpus = nio.read_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["good.txt"]
    assert corpus.skipped == [nio.Skipped("bad.txt", reason)]
    assert corpus.skipped[0].message() == f"skipped bad.txt: {reason}"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Türkiye’s minister said the café would reopen — “soon”, officials added on Friday."),
        ("latin-1", "The Türkiye delegation met the Öcalan family lawyers in Ankara on Friday afternoon."),
        ("utf-16", "The delegation met in Istanbul on Thursday to discuss the embassies."),
        ("utf-8-sig", "The delegation met in Istanbul on Thursday to discuss the embassies."),
    ],
)
def test_non_utf8_text_is_decoded_not_skipped(tmp_path, encoding, text):
    _write(tmp_path, "a.txt", text.encode(encoding))
    corpus = nio.read_corpus(tmp_path)
    assert corpus.skipped == []
    assert corpus.articles[0].text == text


def test_crlf_newlines_are_normalised(tmp_path):
    _write(tmp_path, "a.txt", b"Title here\r\nBody line one.\r\n")
    assert nio.read_corpus(tmp_path).articles[0].text == "Title here\nBody line one.\n"


def test_huge_file_is_skipped_naming_the_limit(tmp_path):
    _write(tmp_path, "huge.txt", BODY * 1000)
    _write(tmp_path, "ok.txt", BODY)
    corpus = nio.read_corpus(tmp_path, max_bytes=10_000)
    assert [a.file for a in corpus.articles] == ["ok.txt"]
    assert corpus.skipped == [
        nio.Skipped("huge.txt", "0.1 MB is over the 0.0 MB limit for one article (raise it with --max-bytes)")
    ]


def test_sources_csv_larger_than_one_article_is_read_as_a_table(tmp_path):
    # A row per article: with thousands of articles it passes one article's limit, and was
    # ignored, losing every outlet and date it gave.
    rows = "".join(f"a{i}.txt,Outlet {i % 7},2024-05-{1 + i % 28:02d}\n" for i in range(600))
    _write(tmp_path, "sources.csv", "file,outlet,published\n" + rows)
    _write(tmp_path, "a5.txt", BODY)
    corpus = nio.read_corpus(tmp_path, max_bytes=10_000)
    assert len("file,outlet,published\n" + rows) > 10_000
    assert corpus.articles[0].source.outlet == "Outlet 5"
    assert corpus.articles[0].source.published == date(2024, 5, 6)
    assert not [w for w in corpus.warnings if "limit" in w]


def test_sources_csv_over_a_tables_limit_is_ignored_with_a_warning(tmp_path):
    _write(tmp_path, "sources.csv", "file,outlet\n" + "a.txt,Daily\n" * 2000)
    _write(tmp_path, "a.txt", BODY)
    corpus = nio.read_corpus(tmp_path, max_bytes=100)
    assert corpus.articles[0].source is None
    assert corpus.warnings == [
        "sources.csv: 0.0 MB is over the 0.0 MB limit for a sources.csv (raise it with --max-bytes); "
        "ignored, outlets will be inferred"
    ]


def test_byte_identical_duplicate_is_skipped_but_near_copy_kept(tmp_path):
    _write(tmp_path, "a.txt", BODY)
    _write(tmp_path, "b.txt", BODY)
    _write(tmp_path, "c.txt", BODY.replace("Sunday", "Monday"))
    corpus = nio.read_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["a.txt", "c.txt"]
    assert corpus.skipped == [nio.Skipped("b.txt", "byte-identical duplicate of a.txt")]


def test_duplicates_are_found_across_additions_and_articles_added_directly(tmp_path):
    # The corpus keeps its hash and id indices between calls: a copy of an article added by an
    # earlier call, or appended to ``articles`` by hand, is still found.
    corpus = nio.read_corpus(tmp_path)
    a, b, c = (
        nio.article_from_bytes(f"{n}.txt", text.encode())
        for n, text in (("a", BODY), ("b", BODY.replace("Sunday", "Monday")), ("c", BODY.replace("Sunday", "Friday")))
    )
    nio.add_articles(corpus, [a])
    corpus.articles.append(b)
    copy_of_a, copy_of_b = (nio.article_from_bytes(f"copy-{x.file}", x.text.encode()) for x in (a, b))
    same_id = nio.article_from_bytes("a.TXT", b"Another article altogether, with its own words.")
    nio.add_articles(corpus, [copy_of_a, copy_of_b, same_id, c, c])
    assert [x.file for x in corpus.articles] == ["a.txt", "b.txt", "c.txt"]
    assert [s.reason for s in corpus.skipped] == [
        "byte-identical duplicate of a.txt",
        "byte-identical duplicate of b.txt",
        "same article id 'a' as a.txt; rename one",
        "byte-identical duplicate of c.txt",
    ]
    corpus.articles.pop()  # removed by hand: the indices start again
    nio.add_articles(corpus, [c])
    assert [x.file for x in corpus.articles] == ["a.txt", "b.txt", "c.txt"]


def test_missing_folder_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        nio.read_corpus(tmp_path / "nope")


@pytest.mark.parametrize(
    ("csv_text", "rows", "warnings"),
    [
        ("file,outlet\na.txt,Daily\n", {"a.txt": nio.SourceRow("a.txt", "Daily")}, []),
        ("FILE , Outlet ,country\na.txt, Daily ,UK\n", {"a.txt": nio.SourceRow("a.txt", "Daily", "UK")}, []),
        (
            "name,outlet\na.txt,Daily\n",
            {},
            [
                "sources.csv: no 'file' column (found name, outlet); expected columns "
                "file,outlet,country,url,published,title; ignored, outlets will be inferred"
            ],
        ),
        (
            "",
            {},
            [
                "sources.csv: no 'file' column (found nothing); expected columns "
                "file,outlet,country,url,published,title; ignored, outlets will be inferred"
            ],
        ),
        (
            "file,outlet,published\na.txt,Daily,28/02/2025\n",
            {"a.txt": nio.SourceRow("a.txt", "Daily")},
            [
                "sources.csv: line 2: published '28/02/2025' is not a YYYY-MM-DD date; the date will be inferred from the text"
            ],
        ),
        (
            "file,outlet\na.txt,Daily\na.txt,Other\n,Nobody\n",
            {"a.txt": nio.SourceRow("a.txt", "Daily")},
            [
                "sources.csv: line 3 repeats a.txt; the first row is kept",
                "sources.csv: line 4 has no file name; row ignored",
            ],
        ),
        (
            'file,outlet\na.txt,Daily\nb.txt,"Weekly\nc.txt,Monthly\n',
            {"a.txt": nio.SourceRow("a.txt", "Daily")},
            ["sources.csv: unreadable CSV from line 3 (unexpected end of data); later rows ignored"],
        ),
        (
            "file,outlet\na.txt,Daily,extra,cells\n",
            {"a.txt": nio.SourceRow("a.txt", "Daily")},
            ["sources.csv: line 2 has 4 cells where the header has 2"],
        ),
        (
            "file,outlet,country\na.txt,Daily\n",
            {"a.txt": nio.SourceRow("a.txt", "Daily")},
            ["sources.csv: line 2 has fewer cells than the header's 3; the missing ones are taken as empty"],
        ),
        (
            "file,country\na.txt,Chad\n",
            {"a.txt": nio.SourceRow("a.txt", None, "Chad")},
            ["sources.csv: no 'outlet' column (found file, country); outlets will be inferred from the pages"],
        ),
        ("file,outlet\n", {}, ["sources.csv: has a header but no rows; outlets will be inferred from the pages"]),
        ("file,outlet\na.txt,Dai\x00ly\n", {"a.txt": nio.SourceRow("a.txt", "Daily")}, []),
    ],
)
def test_sources_csv_problems_become_warnings(csv_text, rows, warnings):
    assert nio.parse_sources(io.StringIO(csv_text, newline="")) == (rows, warnings)


def test_broken_sources_csv_does_not_stop_the_corpus(tmp_path):
    _write(tmp_path, "a.txt", BODY)
    _write(tmp_path, "sources.csv", b"\xff\xfe\x00garbage\x00")
    corpus = nio.read_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["a.txt"]
    assert corpus.articles[0].source is None
    assert corpus.warnings == ["sources.csv: not UTF-8 text; ignored, outlets will be inferred"]


def test_sources_row_for_a_missing_file_is_a_warning(tmp_path):
    _write(tmp_path, "a.txt", BODY)
    _write(tmp_path, "sources.csv", "file,outlet\na.txt,Daily\ngone.txt,Weekly\n")
    assert nio.read_corpus(tmp_path).warnings == ["sources.csv: lists gone.txt, which is not in the folder"]


def test_write_then_load_round_trips_and_leaves_no_temp_files(tmp_path):
    tables = {"t.parquet": pd.DataFrame({"a": [1, 2], "b": [["x"], []]})}
    run_id = tables_io.write_outputs(tables, {"counts": {}}, tmp_path)
    loaded, report = tables_io.load_outputs(tmp_path, ["t.parquet"])
    assert report["run_id"] == run_id
    assert loaded["t.parquet"]["a"].tolist() == [1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "t.parquet"]


def test_a_write_killed_midway_leaves_the_previous_files_whole(tmp_path, monkeypatch):
    tables_io.write_outputs({"t.parquet": pd.DataFrame({"a": [1]})}, {}, tmp_path)
    before = (tmp_path / "t.parquet").read_bytes()

    def crash(table, where):
        Path(where).write_bytes(b"PAR1 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(tables_io.pq, "write_table", crash)
    with pytest.raises(KeyboardInterrupt):
        tables_io.write_outputs({"t.parquet": pd.DataFrame({"a": [2]})}, {}, tmp_path)
    assert (tmp_path / "t.parquet").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "t.parquet"]
    loaded, _ = tables_io.load_outputs(tmp_path, ["t.parquet"])
    assert loaded["t.parquet"]["a"].tolist() == [1]


def test_temp_files_left_by_a_killed_run_are_removed_by_the_next(tmp_path):
    (tmp_path / ".t.parquet.abc123.tmp").write_bytes(b"PAR1 half")
    tables_io.write_outputs({"t.parquet": pd.DataFrame({"a": [1]})}, {}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "t.parquet"]


def test_tables_from_different_runs_are_refused(tmp_path):
    tables_io.write_outputs({"t.parquet": pd.DataFrame({"a": [1]})}, {}, tmp_path)
    other = tmp_path / "other"
    tables_io.write_outputs({"t.parquet": pd.DataFrame({"a": [2]})}, {}, other)
    (other / "report.json").replace(tmp_path / "report.json")
    with pytest.raises(OutputError, match="from another run than report.json"):
        tables_io.load_outputs(tmp_path, ["t.parquet"])


def test_missing_output_names_the_fix(tmp_path):
    with pytest.raises(OutputError, match=r"report.json: missing; run `python -m dashboard.preprocess`"):
        tables_io.load_outputs(tmp_path, [])


def test_two_files_with_one_article_id_keep_the_first_and_name_it(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Ministers met in Geneva on Monday to discuss the grain corridor.\n", encoding="utf-8"
    )
    (tmp_path / "a.TXT").write_text(
        "Ministers met in Geneva on Tuesday to discuss prisoner exchanges.\n", encoding="utf-8"
    )
    corpus = nio.read_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["a.TXT"]
    assert [(s.file, s.reason) for s in corpus.skipped] == [("a.txt", "same article id 'a' as a.TXT; rename one")]
