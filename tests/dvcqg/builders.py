"""Hand-made portal responses for the endpoints no fixture file covers, and damaged copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROVINCE_ID = "019d2be3-6a88-732b-8b17-b68020c8553a"


def metric(
    code: str,
    numerator: float | None,
    denominator: float | None,
    ratio: float | None,
    score: float | None,
    max_score: float,
) -> dict[str, Any]:
    """One Shape A metric object."""
    return {
        "code": code,
        "name": code,
        "numerator": numerator,
        "denominator": denominator,
        "ratio": ratio,
        "score": score,
        "maxScore": max_score,
    }


def unit(
    unit_id: str,
    name: str,
    metrics: list[dict[str, Any]],
    total: float,
    total_max: float,
    **extra: Any,
) -> dict[str, Any]:
    """One Shape A unit row (a commune unless ``extra`` says otherwise)."""
    row: dict[str, Any] = {
        "departmentId": unit_id,
        "departmentName": name,
        "departmentType": "COMMUNE_PEOPLE_COMMITTEE",
        "departmentLevel": "COMMUNE",
        "agencyLevel": "level_2",
        "totalScore": total,
        "totalMaxScore": total_max,
        "ratio": round(100 * total / total_max, 2),
        "scoreDelta": None,
    }
    row.update(extra)
    row["metrics"] = metrics
    return row


def response(overview: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A Shape A response in its envelope; the overview is made the province."""
    overview = {
        **overview,
        "departmentId": PROVINCE_ID,
        "departmentType": "PROVINCE",
        "departmentLevel": "PROVINCE",
        "agencyLevel": "level_1",
    }
    pagination = {"total": len(rows), "currentPage": 1, "pageSize": 200, "totalPages": 1}
    data = {"overview": overview, "evaluation": rows, "pagination": pagination, "source": "test"}
    return {"code": "OK", "data": data, "message": "OK"}


def write(folder: Path, name: str, document: Any) -> Path:
    """Save a document as JSON (UTF-8) and return its path."""
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def satisfaction() -> dict[str, Any]:
    """handling-satisfaction with the rows FORMATS.md §5 quotes; the counts it does not quote
    (other petitions, X. Lâm Thao's dossiers) are made up and scored by its stated rules."""
    overview = unit(
        PROVINCE_ID,
        "UBND tỉnh Phú Thọ",
        [
            metric("PETITION_CLASSIFICATION_TTHC", 31, 247, 12.55, None, 0),
            metric("DOSSIER_RECEIVING_SATISFACTION", 144574, 184513, 78.35, 5.22, 6),
            metric("PETITION_PROCESSING_ON_TIME", 182, 247, 73.68, 4.42, 6),
            metric("PETITION_HANDLING_SATISFACTION", 137, 247, 55.47, 3.33, 6),
            metric("PETITION_CLASSIFICATION_STAFF", 5, 247, 2.02, None, 0),
        ],
        12.97,
        18,
        totalPetitions=247,
        classifiedPetitions=36,
        totalDossiers=184513,
        averageScore=None,
    )

    def commune(
        unit_id: str,
        name: str,
        received: tuple[int, int, float],
        petitions: tuple[int, int, float, float],
        total: float,
    ) -> dict[str, Any]:
        num, den, score = received
        p_num, p_den, p_ratio, p_score = petitions
        return unit(
            unit_id,
            name,
            [
                metric(
                    "DOSSIER_RECEIVING_SATISFACTION", num, den, round(100 * num / den, 2), score, 6
                ),
                metric("PETITION_PROCESSING_ON_TIME", p_num, p_den, p_ratio, p_score, 6),
                metric("PETITION_HANDLING_SATISFACTION", p_num, p_den, p_ratio, p_score, 6),
            ],
            total,
            18,
            totalPetitions=p_den,
            totalDossiers=den,
        )

    rows = [
        commune(
            "u-bql",
            "Ban quản lý các khu công nghiệp - Tỉnh Phú Thọ",
            (486, 588, 5.51),
            (0, 0, 0, 6),
            17.51,
        ),
        commune("u-sct", "Sở Công Thương - Tỉnh Phú Thọ", (332, 482, 4.59), (0, 0, 0, 6), 16.59),
        commune("u-vt", "UBND Phường Việt Trì", (2348, 2971, 5.27), (3, 4, 75, 4.5), 14.27),
        commune("u-xl", "UBND xã Xuân Lũng", (939, 1038, 6), (0, 0, 0, 6), 18),
        commune("u-lt", "UBND xã Lâm Thao - Tỉnh Phú Thọ", (20, 40, 3.33), (0, 2, 0, 0), 3.33),
    ]
    rows[0]["departmentType"] = rows[1]["departmentType"] = "PROVINCIAL_DEPARTMENT"
    rows[0]["departmentLevel"] = rows[1]["departmentLevel"] = "PROVINCE"
    return response(overview, rows)


def digitized() -> dict[str, Any]:
    """dossier-digitized with the rows FORMATS.md §6 quotes; a unit lists only its quoted metric
    and the certified-copy one, so its total is their sum."""
    overview = unit(
        PROVINCE_ID,
        "UBND tỉnh Phú Thọ",
        [
            metric("ORIGINAL_RESULT_AVAILABLE", 133274, 184513, 72.23, 4.33, 6),
            metric("SO_HOA_GIAY_TO_GIAI_QUYET", 21233, 184513, 11.51, 0.46, 4),
            metric("REUSED_DIGITIZED_DATA", 3160, 184513, 1.71, 0.04, 2),
            metric("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 0, 184513, 0, 0, 4),
            metric("CITIZEN_DATA_CONNECTED_DOSSIER", 85644, 184513, 46.42, 0.93, 2),
            metric("CITIZEN_DATA_CONNECTED_FORMALITY", 297, 1301, 22.83, 0.46, 2),
            metric("ELECTRONIC_CERTIFIED_COPY", None, None, 100, 2, 2),
        ],
        8.22,
        22,
        departmentCode="H44",
    )

    def ward(unit_id: str, code: str, name: str, quoted: dict[str, Any]) -> dict[str, Any]:
        copy = metric("ELECTRONIC_CERTIFIED_COPY", None, None, 100, 2, 2)
        total = round(quoted["score"] + 2, 2)
        return unit(unit_id, name, [quoted, copy], total, 22, departmentCode=code)

    rows = [
        ward(
            "u-vt",
            "H44.100",
            "UBND Phường Việt Trì",
            metric("REUSED_DIGITIZED_DATA", 35, 2971, 1.18, 0.03, 2),
        ),
        # FORMATS.md does not name the metric of 752/1780; any 2-point linear one gives 0.84.
        ward(
            "u-nt",
            "H44.101",
            "UBND Phường Nông Trang",
            metric("CITIZEN_DATA_CONNECTED_DOSSIER", 752, 1780, 42.25, 0.84, 2),
        ),
        ward(
            "u-tm",
            "H44.102",
            "UBND Phường Thanh Miếu",
            metric("REUSED_DIGITIZED_DATA", 44, 1770, 2.49, 0.06, 2),
        ),
    ]
    return response(overview, rows)
