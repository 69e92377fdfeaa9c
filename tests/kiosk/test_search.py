"""Search without diacritics: the folding, the matching, and the catalogue's search."""

from __future__ import annotations

from kiosk.catalogue import AgencyEntry, Catalogue, ServiceEntry
from kiosk.search import fold, matches


def service(service_id: str, name: str, name_en: str = "") -> ServiceEntry:
    return ServiceEntry(service_id, name, name_en, "a", 0, 0, True)


CATALOGUE = Catalogue(
    agencies=(
        AgencyEntry(
            "a",
            "Sở",
            "",
            (
                service("ct", "Chứng thực bản sao giấy tờ"),
                service("gcn", "Cấp giấy chứng nhận quyền sử dụng đất", "Land use certificate"),
                service("dk", "Đăng ký đất đai"),
                service("gp", "Cấp giấy phép xây dựng"),
                service("lx", "Giấy phép lái xe"),
            ),
        ),
    )
)


def test_fold_drops_marks_and_case_and_maps_d() -> None:
    assert fold("Cấp  GIẤY chứng nhận Đăng ký đất đai") == "cap giay chung nhan dang ky dat dai"
    assert fold("Ưu tiên người cao tuổi") == "uu tien nguoi cao tuoi"


def test_words_match_the_starts_of_words_without_diacritics() -> None:
    assert matches("cap giay", "Cấp giấy chứng nhận")
    assert matches("CẤP giấy", "Cấp giấy chứng nhận")
    assert matches("dang ky dat", "Đăng ký đất đai")
    assert matches("giay cap", "Cấp giấy chứng nhận")
    assert not matches("cap giay", "Chứng thực bản sao")
    assert not matches("ap", "Cấp giấy")
    assert not matches("   ", "Cấp giấy")


def test_the_catalogue_finds_services_by_either_name_starts_first() -> None:
    assert [s.id for s in CATALOGUE.search("cap giay")] == ["gcn", "gp"]
    assert [s.id for s in CATALOGUE.search("giay")] == ["lx", "ct", "gcn", "gp"]
    assert [s.id for s in CATALOGUE.search("land use")] == ["gcn"]
    assert [s.id for s in CATALOGUE.search("dat dai")] == ["dk"]
    assert CATALOGUE.search("") == []
