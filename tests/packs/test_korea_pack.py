"""The korea pack: it loads, its ids and codes are well formed, and it knows the seeds' actors."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from summitwatch.packs.pack import Pack, PackError, load_pack
from summitwatch.pipeline import Context
from summitwatch.settings import Settings
from tests.conftest import SEED_000, SEED_003, SHARED

KOREA = Path(__file__).resolve().parents[2] / "src" / "summitwatch" / "packs" / "korea"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALPHA3 = re.compile(r"^[A-Z]{3}$")
SECTORS = {
    "GOV",
    "MIL",
    "ELI",
    "OPP",
    "LEG",
    "PTY",
    "JUD",
    "SPY",
    "IGO",
    "NGO",
    "MED",
    "EDU",
    "BUS",
    "REB",
    "CVL",
}

# Names as the seeds write them (checked against the seed files below) and who they are.
SEED_NAMES = {
    SEED_000: {
        "Donald Trump": "donald-trump",
        "Kim Jong Un": "kim-jong-un",
        "Lee Jae Myung": "lee-jae-myung",
        "Lee Jae-myung": "lee-jae-myung",
        "Xi Jinping": "xi-jinping",
        "President Putin": "vladimir-putin",
        "Choe Son Hui": "choe-son-hui",
        "Chung Dong Young": "chung-dong-young",
        "Park Ji Won": "park-ji-won",
        "Wi Sung-lac": "wi-sung-lac",
        "Kim Dae Jung": "kim-dae-jung",
        "Roh Moo-hyun": "roh-moo-hyun",
        "Richard A. Correll": "richard-correll",
        "Fox News": "fox-news",
        "The New York Times": "new-york-times",
        "The Washington Post": "washington-post",
        "The Economist": "the-economist",
        "Sejong Institute": "sejong-institute",
        "노동신문": "rodong-sinmun",
        "연합뉴스": "yonhap",
        "Supreme People’s Assembly": "supreme-peoples-assembly",
        "Hamas": "hamas",
        "Belarus": "BLR",
        "Malaysia": "MYS",
        "Israel": "ISR",
        "Ukraine": "UKR",
        "Erika L. Green": "erika-l-green",
        "Choe Sang-Hun": "choe-sang-hun",
        "Morgan Phillips": "morgan-phillips",
        "Taewon Ha": "taewon-ha",
    },
    SEED_003: {
        "Donald Trump": "donald-trump",
        "Kim Jong Un": "kim-jong-un",
        "Reuters": "reuters",
        "NATO": "nato",
        "NED": "ned",
        "NVNK": "nvnk",
        "B.J. Choi": "bj-choi",
        "Woodrow Wilson International Center for Scholars": "wilson-center",
        "National Endowment for Democracy": "ned",
        "Russia": "RUS",
        "George Washington University": "george-washington-university",
    },
}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(KOREA)


def test_pack_loads_with_every_section_it_owns(pack: Pack) -> None:
    assert pack.name == "korea"
    assert len(pack.actors) >= 150
    assert len(pack.places) >= 40
    assert len(pack.episodes) >= 35
    assert len(pack.sources) >= 35


def test_ids_are_slugs_or_alpha3_and_unique(pack: Pack) -> None:
    ids = [actor.id for actor in pack.actors]
    assert len(ids) == len(set(ids))
    for actor in pack.actors:
        if actor.kind == "state":
            assert ALPHA3.match(actor.id), actor.id
        else:
            assert SLUG.match(actor.id), actor.id
        assert actor.kind in {"person", "state", "organization", "group"}
        assert actor.country is None or ALPHA3.match(actor.country), actor.id
        assert actor.sector is None or actor.sector in SECTORS, actor.id
        for role in actor.roles:
            assert role.sector is None or role.sector in SECTORS, (actor.id, role.title)
            assert role.start is None or role.end is None or role.start <= role.end
        if actor.affiliation:
            assert pack.actor(actor.affiliation) is not None, actor.affiliation


def test_country_and_sector_are_read_at_the_date(pack: Pack) -> None:
    trump = pack.actor("donald-trump")
    assert trump is not None
    assert trump.sector_at("2024-06") == "ELI"
    assert trump.sector_at("2025-03") == "GOV"
    assert trump.sector_at("2018-06-12") == "GOV"
    assert trump.country_at("2024-06") == "USA"
    lee = pack.actor("lee-jae-myung")
    assert lee is not None
    assert lee.sector_at("2024-01-10") == "OPP"
    assert lee.sector_at("2025-10-29") == "GOV"
    rubio = pack.actor("marco-rubio")
    assert rubio is not None and rubio.sector_at("2024") == "LEG"
    assert rubio.sector_at("2025-06") == "GOV"


@pytest.mark.parametrize("seed", sorted(SEED_NAMES, key=str))
def test_every_actor_the_seeds_name_is_in_the_pack(
    pack: Pack, seed: Path, shared_dir: Path
) -> None:
    text = seed.read_text(encoding="utf-8")
    context = Context(Settings(db_url="sqlite://"), pack=pack)
    from summitwatch.extract.actors import resolve_actor_text

    for name, actor_id in SEED_NAMES[seed].items():
        assert name in text, f"{name!r} is not in {seed.name}"
        assert pack.actor(actor_id) is not None, actor_id
        assert resolve_actor_text(name, context, "2025-11-05") == actor_id, name


def test_episodes_refer_to_known_actors_and_places(pack: Pack) -> None:
    actors = {actor.id for actor in pack.actors}
    places = {place.id for place in pack.places}
    for episode in pack.episodes:
        assert SLUG.match(episode.id)
        assert set(episode.participants) <= actors, episode.id
        assert episode.place is None or episode.place in places, episode.id
    by_id = {episode.id: episode for episode in pack.episodes}
    panmunjom = by_id["panmunjom-meeting-2019"]
    assert (panmunjom.start, panmunjom.proposal_date, panmunjom.response_time) == (
        "2019-06-30",
        "2019-06-29",
        "PT5H",
    )
    gyeongju = by_id["trump-asia-trip-2025"]
    assert gyeongju.response_time is None
    assert any("nuclear power" in offer for offer in gyeongju.offers)
    assert by_id["trump-china-visit-2026"].start == "2026-04"


def test_episode_dates_agree_with_the_shared_timeline(pack: Pack, shared_dir: Path) -> None:
    timeline = SHARED / "data" / "timeline" / "us_dprk_leader_diplomacy_2018_2025.csv"
    with timeline.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    starts = {row["date_start"] for row in rows}
    by_id = {episode.id: episode for episode in pack.episodes}
    for episode_id in (
        "singapore-summit-2018",
        "hanoi-summit-2019",
        "panmunjom-meeting-2019",
        "stockholm-talks-2019",
        "inter-korean-summit-2018-04",
    ):
        assert by_id[episode_id].start in starts, episode_id
    assert by_id["hanoi-summit-2019"].end == "2019-02-28"


def test_places_carry_their_country(pack: Pack) -> None:
    by_id = {place.id: place for place in pack.places}
    for place in pack.places:
        assert ALPHA3.match(place.country), place.id
    assert by_id["panmunjom"].country == "KOR" and "PRK" in (by_id["panmunjom"].note or "")
    assert by_id["panmungak"].country == "PRK"
    assert (by_id["gyeongju"].country, by_id["hanoi"].country) == ("KOR", "VNM")


def test_sources_are_rated_and_grouped(pack: Pack) -> None:
    ratings = {source.publisher: source for source in pack.sources}
    assert all(source.reliability in "ABCDEF" for source in pack.sources)
    assert ratings["KCNA"].group == ratings["Rodong Sinmun"].group == "dprk-state"
    assert ratings["Reuters"].group != ratings["Yonhap"].group
    assert "노동신문" in ratings["Rodong Sinmun"].aliases


def test_unknown_keys_are_rejected_with_one_line_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text("actors:\n- {id: kim, name: Kim, kind: person, nickname: Rocket}\n")
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(bad) in message and "nickname" in message
    role = tmp_path / "actors.yaml"
    role.write_text("actors:\n- {id: kim, name: Kim, kind: person, roles: [{title: x, boss: y}]}\n")
    with pytest.raises(PackError, match="boss"):
        load_pack(tmp_path)
