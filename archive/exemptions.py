"""Plain-English explanations of the exemption codes printed over redactions.

Federal FOIA exemptions are 5 U.S.C. § 552(b)(1)–(9); (b)(7) has lettered
subsections (A)–(F). Codes are accepted in any common spelling ("b6", "(b)(6)",
"B7C", "(b)(7)(C)") and shown in the canonical form "(b)(7)(C)". A code that is
not a federal one (a state statute, an agency's own label) still gets an
explanation: what it is and where its meaning is stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FEDERAL: dict[str, tuple[str, str]] = {
    "(b)(1)": ("National security",
               "Classified information about national defense or foreign policy."),
    "(b)(2)": ("Internal personnel rules",
               "Records related solely to the agency's internal personnel rules and practices."),
    "(b)(3)": ("Exempted by another statute",
               "Information that another federal law specifically requires the agency to withhold."),
    "(b)(4)": ("Trade secrets and commercial information",
               "Trade secrets and confidential commercial or financial information obtained from "
               "a company or person outside the government."),
    "(b)(5)": ("Privileged internal communications",
               "Inter- or intra-agency memoranda protected by a privilege, such as deliberative "
               "process, attorney work product or attorney–client privilege."),
    "(b)(6)": ("Personal privacy",
               "Personnel, medical and similar files whose release would be a clearly unwarranted "
               "invasion of personal privacy, e.g. names, phone numbers and email addresses of "
               "employees."),
    "(b)(7)": ("Law enforcement records",
               "Records compiled for law enforcement purposes, withheld for one of the reasons in "
               "(b)(7)(A)–(F)."),
    "(b)(7)(A)": ("Law enforcement: pending proceedings",
                  "Release could reasonably be expected to interfere with enforcement proceedings."),
    "(b)(7)(B)": ("Law enforcement: fair trial",
                  "Release would deprive a person of a right to a fair trial or an impartial "
                  "adjudication."),
    "(b)(7)(C)": ("Law enforcement: personal privacy",
                  "Release could reasonably be expected to be an unwarranted invasion of personal "
                  "privacy, e.g. names of agents, witnesses or suspects."),
    "(b)(7)(D)": ("Law enforcement: confidential sources",
                  "Release could reasonably be expected to disclose a confidential source or the "
                  "information it provided."),
    "(b)(7)(E)": ("Law enforcement: techniques and procedures",
                  "Release would disclose techniques, procedures or guidelines for law enforcement "
                  "investigations or prosecutions."),
    "(b)(7)(F)": ("Law enforcement: personal safety",
                  "Release could reasonably be expected to endanger the life or physical safety of "
                  "any individual."),
    "(b)(8)": ("Financial institutions",
               "Reports prepared by or for an agency that regulates or supervises financial "
               "institutions."),
    "(b)(9)": ("Wells",
               "Geological and geophysical information and data, including maps, concerning wells."),
}

# Illinois Freedom of Information Act, 5 ILCS 140/7(1): the paragraphs agencies print most
# ("7(1)(c)"). Michigan's "13(1)(a)" and other states' forms are not guessed at.
_ILLINOIS: dict[str, tuple[str, str]] = {
    "a": ("Prohibited by other law", "information that federal or State law, rules or regulations "
          "specifically prohibit disclosing."),
    "b": ("Private information", "private information (e.g. Social Security, driver's licence and "
          "account numbers, home addresses, personal telephone numbers and email addresses)."),
    "c": ("Personal privacy", "personal information whose disclosure would be a clearly unwarranted "
          "invasion of personal privacy, unless the person consents in writing."),
    "d": ("Law enforcement records", "records created for law enforcement or administrative "
          "enforcement, to the extent disclosure would interfere with proceedings, deprive a person "
          "of a fair hearing, identify a confidential source, reveal investigative techniques or "
          "endanger someone."),
    "e": ("Correctional security", "records that relate to or affect the security of correctional "
          "institutions and detention facilities."),
    "f": ("Deliberative material", "preliminary drafts, notes, recommendations, memoranda and other "
          "records in which opinions are expressed or policies or actions are formulated."),
    "g": ("Trade secrets", "trade secrets and commercial or financial information furnished under a "
          "claim that it is proprietary, privileged or confidential."),
    "m": ("Attorney communications", "communications with the public body's attorney or auditor that "
          "would not be discoverable in litigation, and material prepared in anticipation of a "
          "proceeding."),
    "n": ("Employee discipline", "records of the adjudication of employee grievances or disciplinary "
          "cases (but not the final outcome where discipline is imposed)."),
    "o": ("Computer security", "administrative or technical information about automated data "
          "processing, such as software, passwords and security measures."),
    "v": ("Security plans", "vulnerability assessments, security measures and response plans "
          "designed to prevent or respond to attacks."),
}

_ILLINOIS_CODE = re.compile(r"7\(1\)\(([a-z]{1,2})\)", re.IGNORECASE)

_CANON_PARENS = re.compile(
    r"\(?\s?b\s?\)?\s?\(?\s?([1-9])\s?\)?\s?(?:\(?\s?([a-fA-F])\s?\)?)?", re.IGNORECASE
)
_CANON_WORD = re.compile(
    r"(?:ex\.?|exemption|exempt\.?)\s?(?:\(b\)\s?)?\(?([1-9])\)?\s?(?:\(?([a-fA-F])\)?)?",
    re.IGNORECASE,
)
_CANON_STATE = re.compile(r"(\d{1,2})\s?\((\d{1,2})\)\s?\(([a-zA-Z]{1,3})\)")
# (typed bare, a section's shape only: 552.100 to 552.169, or four digits ending in 5, as ``ingest.marks`` reads them)
_CANON_TEXAS = re.compile(r"(?:(?:sec\.?|section|§)\s?(?=552\.1\d{2,3})|(?=552\.1[0-6]\d5?(?!\d)))"
                          r"(552\.1\d{2,3})((?:\s?\([a-z0-9]{1,2}\)){0,3})", re.IGNORECASE)

# Texas Public Information Act, Gov't Code chapter 552, subchapter C: the exceptions Texas bodies
# print on their boxes most ("552.117(a)(1)"); a section not here is said to be one of the Act's.
_TEXAS: dict[str, tuple[str, str]] = {
    "552.101": ("Confidential by law", "information made confidential by law: another statute, a court "
                "decision, or common-law or constitutional privacy."),
    "552.102": ("Personnel privacy", "information in a personnel file whose release would be a clearly "
                "unwarranted invasion of personal privacy, and employees' dates of birth."),
    "552.103": ("Litigation", "information relating to litigation the body is or may be a party to."),
    "552.104": ("Competition and bidding", "information that would harm the body's interests in a "
                "competitive or bidding situation."),
    "552.107": ("Attorney-client privilege", "communications privileged between the body and its attorneys."),
    "552.108": ("Law enforcement", "records of a law enforcement agency or prosecutor whose release would "
                "interfere with the detection, investigation or prosecution of crime."),
    "552.111": ("Agency memoranda", "inter- and intra-agency memoranda and letters, such as advice, "
                "opinion and recommendation on policy."),
    "552.117": ("Employees' personal information", "home addresses, home and cell telephone numbers, "
                "emergency contacts, social security numbers and family information of employees and "
                "officials who chose to keep them confidential, and of peace officers."),
    "552.1175": ("Peace officers' personal information", "home addresses, telephone numbers, emergency "
                 "contacts and family information of peace officers and others the section names."),
    "552.130": ("Motor vehicle records", "driver's licence, vehicle title and registration information "
                "and personal identification documents issued by an agency of Texas, another state or "
                "another country."),
    "552.136": ("Access device numbers", "credit card, debit card, charge card and bank account numbers."),
    "552.137": ("Email addresses of the public", "email addresses of members of the public who "
                "communicated with the body."),
    "552.147": ("Social security numbers", "the social security number of a living person."),
}


def federal_code(number: str, sub: str | None) -> str | None:
    """"(b)(N)" with its sub-paragraph (only 7 has them), or None."""
    if sub and number != "7":
        return None
    return f"(b)({number})" + (f"({sub.upper()})" if sub else "")


def canonical_exemption(code: str) -> str | None:
    """The canonical form of one printed exemption code ("b7c", "Ex. 6", "(b) (6)"), or None.

    State-law codes such as Illinois "7(1)(c)" are kept as written, and a Texas
    section ("Sec. 552.117(a)(1)") as its number ("552.117(a)(1)"). The one
    canonicaliser: ingest writes these forms and search matches them.
    """
    text = " ".join(code.split())[:60]
    if not text:
        return None
    for pattern in (_CANON_PARENS, _CANON_WORD):
        match = pattern.fullmatch(text)
        if match:
            return federal_code(match.group(1), match.group(2))
    match = _CANON_STATE.fullmatch(text)
    if match:
        return f"{match.group(1)}({match.group(2)})({match.group(3)})"
    match = _CANON_TEXAS.fullmatch(text)
    if match:  # ("Sec. 552.117 (a)(1)": the section's number, its subsections)
        return match.group(1) + "".join(match.group(2).split()).lower()
    return None


@dataclass(frozen=True)
class Exemption:
    code: str  # canonical, e.g. "(b)(7)(C)"
    title: str
    explanation: str
    federal: bool


def canonical_code(code: str) -> str:
    """"b7c" → "(b)(7)(C)"; a code that is no exemption code is returned trimmed."""
    return canonical_exemption(code) or code.strip()


def explain(code: str) -> Exemption:
    """What an exemption code means, in plain English (never raises)."""
    canonical = canonical_code(code)
    if canonical in _FEDERAL:
        title, text = _FEDERAL[canonical]
        return Exemption(canonical, title, f"5 U.S.C. § 552{canonical}: {text}", True)
    illinois = _ILLINOIS_CODE.fullmatch(canonical or "")
    if illinois:
        paragraph = illinois.group(1).lower()
        title, text = _ILLINOIS.get(paragraph, ("exemption", "an exemption of the Act; its text says what "
                                                             "this paragraph covers."))
        return Exemption(canonical or code, f"Illinois: {title.lower()}",
                         f"5 ILCS 140/7(1)({paragraph}), Illinois Freedom of Information Act (state law, "
                         f"not federal FOIA): {text}", False)
    texas = _CANON_TEXAS.fullmatch(canonical or "")
    if texas:
        title, text = _TEXAS.get(texas.group(1), ("exception", "an exception of the Act; its section says "
                                                               "what it covers."))
        return Exemption(canonical, f"Texas: {title.lower()}",
                         f"Tex. Gov't Code § {canonical}, Texas Public Information Act (state law, not "
                         f"federal FOIA): {text}", False)
    return Exemption(
        canonical or "(unlabelled)",
        "Other exemption",
        "Not a federal FOIA exemption: probably a state public-records law or an agency's own "
        "label. The release's cover letter or the agency's exemption log says what it covers.",
        False,
    )
