"""manage.py backup and restore, run as the office's IT staff run them: in their own processes, with the
production settings, against a throwaway site in a temp folder (its own database, MEDIA_ROOT and Whoosh
index). On SQLite always; on PostgreSQL too when DATABASE_URL points at a server (CI, scripts/with-postgres.sh),
in a database created for these tests and dropped after them."""

import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.throwaway_databases import create_pg_database, drop_pg_database

ROOT = Path(__file__).resolve().parents[2]
SERVER_URL = os.environ.get("DATABASE_URL", "")
ENGINES = ["sqlite"] + (["postgresql"] if SERVER_URL.startswith(("postgres://", "postgresql://")) else [])


@dataclass
class Site:
    engine: str
    workdir: Path
    env: dict

    @property
    def media_root(self) -> Path:
        return self.workdir / "media"

    @property
    def index_dir(self) -> Path:
        return self.workdir / "search-index"

    def manage(self, *args, answer: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=ROOT,
            env=self.env,
            input=answer if answer is not None else "",
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def world(self, action: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "tests.operations.world", action],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def snapshot(self) -> dict:
        return json.loads(self.world("snapshot"))

    def backup(self, output: Path) -> Path:
        result = self.manage("backup", "--output", output)
        assert result.returncode == 0, result.stderr
        [archive] = output.glob("xuncha-backup-*.tar.gz")
        return archive


@pytest.fixture(scope="module", params=ENGINES)
def site(request, tmp_path_factory):
    workdir = tmp_path_factory.mktemp(f"site-{request.param}")
    if request.param == "postgresql":
        database_url = create_pg_database(SERVER_URL, prefix="xcxt_backup_test")
    else:
        database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
    # Everything the site writes goes to the temp folder, whatever the caller's environment says.
    elsewhere = {"DJANGO_STATIC_ROOT", "DJANGO_MEDIA_ROOT", "SEARCH_INDEX_DIR", "DJANGO_SETTINGS_MODULE"}
    env = {name: value for name, value in os.environ.items() if name not in elsewhere}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
        SEARCH_BACKEND="whoosh",
        XCXT_VAR_DIR=str(workdir),
        DATABASE_URL=database_url,
    )
    site = Site(engine=request.param, workdir=workdir, env=env)
    try:
        migrated = site.manage("migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        # Installed as docs/deployment.md says (the index built once), then used: the world's rows reach
        # the index through the save signals, as editors' and trainees' do.
        indexed = site.manage("update_index")
        assert indexed.returncode == 0, indexed.stderr
        site.world("build")
        yield site
    finally:
        if request.param == "postgresql":
            drop_pg_database(SERVER_URL, database_url)


@pytest.fixture(scope="module")
def good_archive(site, tmp_path_factory) -> Path:
    """One backup of the site, for the tests that alter a copy of it and expect a refusal."""
    return site.backup(tmp_path_factory.mktemp(f"good-{site.engine}"))


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewritten(archive: Path, target: Path, *, manifest=None, member: str | None = None, data: bytes = b"") -> Path:
    """A copy of ``archive`` with its manifest edited by ``manifest(dict)`` or one member's bytes replaced."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for info in source:
            content = source.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                edited = json.loads(content)
                manifest(edited)
                content = json.dumps(edited).encode()
            elif info.name == member:
                content = data
            info.size = len(content)
            copy.addfile(info, io.BytesIO(content))
    return target


def test_backup_wipe_restore_round_trip_gives_back_rows_files_and_search_results(site, tmp_path):
    before = site.snapshot()
    assert before["search"]["津贴补贴"]["articles"] and before["search"]["津贴补贴"]["cases"]
    assert before["search"]["谈心谈话"]["articles"]  # an editor's dictionary word
    assert any(name.startswith("documents/") for name in before["media"])
    assert any(name.startswith("original_images/") for name in before["media"])
    assert before["rows"]["quizzes_attempt"] == 2

    archive = site.backup(tmp_path)

    assert [path.name for path in tmp_path.iterdir()] == [archive.name]  # no temporary file left beside it
    manifest = read_manifest(archive)
    assert manifest["database"]["engine"] == site.engine
    assert manifest["database"]["tables"] == {
        table: count for table, count in before["rows"].items() if not table.startswith("sqlite_")
    }
    assert manifest["database"]["migration_heads"]["quizzes"]
    assert manifest["search_vocabulary"] == {
        "dictionary_words": before["rows"]["site_search_dictionaryword"],
        "synonym_groups": before["rows"]["site_search_synonymgroup"],
    }
    assert {name.removeprefix("media/") for name in manifest["files"] if name.startswith("media/")} == set(
        before["media"]
    )

    # The machine loses its data: the database emptied, the uploads and the search index gone.
    flushed = site.manage("flush", "--noinput")
    assert flushed.returncode == 0, flushed.stderr
    shutil.rmtree(site.media_root)
    shutil.rmtree(site.index_dir)
    wiped = site.snapshot()
    assert wiped["media"] == {}
    assert wiped["rows"]["quizzes_attempt"] == 0
    assert wiped["search"]["津贴补贴"] == {"articles": [], "cases": [], "pages": []}

    restored = site.manage("restore", archive, "--yes")

    assert restored.returncode == 0, restored.stderr
    assert "搜索索引" in restored.stdout
    after = site.snapshot()
    assert after["rows"] == before["rows"]
    assert after["media"] == before["media"]
    assert after["search"] == before["search"]


def test_a_tampered_archive_is_refused_and_nothing_changes(site, good_archive, tmp_path):
    [document] = [name for name in read_manifest(good_archive)["files"] if name.startswith("media/documents/")]
    tampered = rewritten(good_archive, tmp_path / "tampered.tar.gz", member=document, data="篡改过的内容".encode())
    (site.media_root / "after-the-backup.txt").write_text("备份之后上传的文件", encoding="utf-8")
    before = site.snapshot()

    result = site.manage("restore", tampered, "--yes")

    assert result.returncode != 0
    assert "校验值不符" in result.stderr
    assert document in result.stderr
    assert "未恢复任何内容" in result.stderr
    assert site.snapshot() == before
    (site.media_root / "after-the-backup.txt").unlink()


def test_an_archive_from_the_other_database_engine_is_refused(site, good_archive, tmp_path):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[site.engine]
    foreign = rewritten(
        good_archive, tmp_path / "foreign.tar.gz", manifest=lambda manifest: manifest["database"].update(engine=other)
    )
    before = site.snapshot()

    result = site.manage("restore", foreign, "--yes")

    assert result.returncode != 0
    assert "这份备份来自 " in result.stderr
    assert "SQLite" in result.stderr and "PostgreSQL" in result.stderr
    assert site.snapshot() == before


def test_an_archive_from_newer_code_is_refused(site, good_archive, tmp_path):
    newer = rewritten(
        good_archive,
        tmp_path / "newer.tar.gz",
        manifest=lambda manifest: manifest["database"]["applied_migrations"].append("quizzes.9999_from_the_future"),
    )

    result = site.manage("restore", newer, "--yes")

    assert result.returncode != 0
    assert "quizzes.9999_from_the_future" in result.stderr
    assert "更新的版本" in result.stderr


def test_restore_asks_first_and_an_answer_other_than_yes_changes_nothing(site, good_archive, tmp_path):
    uploaded_later = site.media_root / "after-the-backup.txt"
    uploaded_later.write_text("备份之后上传的文件", encoding="utf-8")

    result = site.manage("restore", good_archive, answer="不\n")

    assert result.returncode != 0
    assert "输入 yes 继续" in result.stdout
    assert "已取消" in result.stderr
    assert uploaded_later.read_text(encoding="utf-8") == "备份之后上传的文件"
    uploaded_later.unlink()


def test_an_archive_from_older_code_is_restored_and_brought_up_to_date(site, tmp_path):
    """A backup taken before a migration existed: restore puts it back, then applies what the code has since."""
    rolled_back = site.manage("migrate", "site_search", "0003")
    assert rolled_back.returncode == 0, rolled_back.stderr
    older = site.backup(tmp_path)
    assert "site_search.0004_dictionary_word_roles" not in read_manifest(older)["database"]["applied_migrations"]
    upgraded = site.manage("migrate", "--noinput")
    assert upgraded.returncode == 0, upgraded.stderr

    restored = site.manage("restore", older, "--yes")

    assert restored.returncode == 0, restored.stderr
    assert "正在执行新的数据库迁移" in restored.stdout
    shown = site.manage("showmigrations", "site_search")
    assert "[X] 0004_dictionary_word_roles" in shown.stdout
