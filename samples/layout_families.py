"""Sample release: one email in every layout family real productions print.

A fictional federal agency's release about a harbor channel project, built to
exercise the splitter and header parser on each layout family (see
generate.FAMILY_OF_HEADER and FAMILY_OF_QUOTE) and page family: agency
release stamps on every page, a slip sheet, a fax cover, a typed memo that is
not an email, a cover letter. Scanned pages are 1-bit 300 dpi; four documents
carry the producer's own noisy OCR layer (no Tesseract needed), the others
need OCR. Every person, agency and number here is fictional.
"""

from datetime import datetime as dt

from release_spec import (
    Document,
    Email,
    FaxCover,
    Letter,
    Memo,
    Party,
    Release,
    Stamp,
    Withheld,
)

DCC = "dcc.example.gov"
PORT = "bellmore-port.example.org"


def staff(first, last):
    return Party(f"{first} {last}", f"{first[0].lower()}{last.lower()}@{DCC}")


OKAFOR = staff("Daniel", "Okafor")
RAMAN = staff("Priya", "Raman")
LEVIN = staff("Aaron", "Levin")
FELD = Party("Gordon Feld", "gfeld@harborworks.example")
SECRETARY = Party("H", "hm22@private.example", hide="address", label="B6")
# Names as a reply header prints them: no address.
OKAFOR_NAME = Party("Okafor, Daniel")
RAMAN_NAME = Party("Raman, Priya")
SECRETARY_NAME = Party("H")
# Lotus Notes prints hierarchical names, not internet addresses, for its own users.
JENSEN_NOTES = Party("Carla Jensen/PORT/Bellmore")
WEBB_NOTES = Party("Tom Webb/ENG/Bellmore")
ORTIZ_NOTES = Party("Luis Ortiz/PORT/Bellmore")
JENSEN = Party("Carla Jensen", f"cjensen@{PORT}")
WEBB = Party("Tom Webb", f"twebb@{PORT}")
ORTIZ = Party("Luis Ortiz", f"lortiz@{PORT}")
NGUYEN = Party("Mai Nguyen", "mai.nguyen.harbor@gmail.example")
COUNTY = Party("Rita Sandoval", "rsandoval@kell-county.example.gov")
COUNTY_CLERK = Party("Board Clerk", "boardclerk@kell-county.example.gov")

STAMP = dict(agency="U.S. Department of Coastal Commerce", case="F-2016-07731", date="05/13/2016")
# What the producer's OCR made of the scans (an OmniPage-style layer).
OMNI = {"Sent:": "Sent", "[mailto:": "[rnailto:", "@": "\u00a9"}
OMNI2 = {"Subject:": "Subjoct:", "Sent:": "Sent", "@": "\u00a9", "From:": "From;"}

COVER = Letter(
    letterhead=["U.S. Department of Coastal Commerce", "Office of Information Programs"],
    return_address=["1200 Tideway Avenue NW", "Washington, DC 20000", "foia@dcc.example.gov"],
    date="May 20, 2016",
    addressee=["Ms. Joan Whitcomb", "Harbor Accountability Project", "81 Pier Road", "Bellmore, MD 21000"],
    reference=["Re: Freedom of Information Act Request F-2016-07731"],
    paragraphs=[
        "Dear Ms. Whitcomb:",
        "This responds to your request for records about the Bellmore harbor channel deepening "
        "project. We located records responsive to your request and release them in part. Some "
        "records were referred to the Port of Bellmore and Kell County, which returned them to us "
        "for release; they are enclosed as printed or faxed to us.",
        "Personal email addresses and telephone numbers were withheld under 5 U.S.C. 552(b)(6), "
        "marked B6. One document is withheld in full under (b)(5).",
        "You may appeal this response within 90 days to the Appeals Review Panel.",
    ],
    closing=["Sincerely,", "", "Martha Quill", "Director, Office of Information Programs"],
)

# ---------------------------------------------------------------- emails printed only inside others
QUOTED_ONLY = [
    Email("bb-orig", RAMAN, [FELD], dt(2012, 9, 12, 17, 22), "Re: Harbor channel survey",
          """Gordon - the survey team can start on the 24th if the permit clears. Call my cell
[[B6:(555) 010-2231]] before Friday.

Sent from my BlackBerry"""),
    Email("oka-1", OKAFOR, [SECRETARY_NAME], dt(2012, 9, 14, 8, 5), "Dredging permit schedule",
          """The Corps says the permit decision slips to October. Do you want me to call the
Colonel or wait for the county vote?"""),
    Email("gm-0", COUNTY, [NGUYEN], dt(2013, 3, 18, 16, 40), "Public comment period",
          """Mai, the county's comment period on the spoil disposal site runs through April 30.
Written comments go to the board clerk."""),
    Email("gw-0", WEBB, [JENSEN], dt(2013, 2, 19, 10, 15), "Berth 4 soundings",
          """Carla, the berth 4 soundings came in two feet shallower than the 2009 chart."""),
    Email("owa-0", LEVIN, [RAMAN], dt(2013, 4, 16, 9, 2), "Draft environmental assessment",
          """Priya, the contractor's draft environmental assessment is on the shared drive. Comments by
the 26th please."""),
]

# ---------------------------------------------------------------- agency production, own OCR layer
DOC1 = [
    Email("hm-fw", OKAFOR, [SECRETARY_NAME], dt(2012, 9, 12, 19, 0), "Fw: Harbor channel survey",
          """FYI - Gordon forwarded the survey timing below. I think we can hold the announcement
until the permit clears.""", header="reply", cc=[RAMAN_NAME], quotes="hm-ipad",
          quote_style="forwarded"),
]
DOC2 = [
    Email("hm-reply", SECRETARY, [OKAFOR_NAME], dt(2012, 9, 14, 9, 47), "Re: Dredging permit schedule",
          """Wait for the county vote. Then call him.""", header="reply", quotes="oka-1",
          quote_style="blackberry"),
]
MEMO = Memo(
    agency="U.S. DEPARTMENT OF COASTAL COMMERCE",
    to="The Secretary",
    frm="Daniel Okafor, Deputy Chief of Staff",
    date="September 17, 2012",
    subject="Briefing: Bellmore harbor channel deepening",
    body="""PURPOSE: To prepare you for your September 19 call with the Kell County Board chair.

BACKGROUND: The Port of Bellmore asked for federal help to deepen the harbor channel from 38 to
45 feet. The Corps permit decision is expected in October. The county must approve a site for
dredged material before work can begin.

RECOMMENDATION: Express support for the project and ask the chair for the date of the county
vote. Do not commit funding before the permit decision.""",
    scanned=True,
)
SLIP = Withheld("b5", scanned=True, lines=["Document withheld in full", "Doc No. C05110004",
                                           "Exemption (b)(5)", "Deliberative process"])

# ---------------------------------------------------------------- printed by the custodian, text layer
DESKTOP = [
    Email("od-desk", OKAFOR, [LEVIN, RAMAN], dt(2013, 4, 15, 14, 20), "RE: Spoil site options",
          """Aaron, Priya - the county prefers the Gull Point site. Please have the contractor price
it against the offshore option before our Thursday call.

Daniel Okafor
Deputy Chief of Staff""", quotes="od-q", quote_style="reply", quote_date_fmt="long"),
    Email("od-table", LEVIN, [OKAFOR], dt(2013, 4, 17, 11, 5), "Cost comparison",
          """Daniel,

Contractor's numbers: Gull Point $14.2M, offshore disposal $21.8M. Gull Point needs a county
easement; offshore needs an ocean dumping permit.

Aaron""", header="table", cc=[RAMAN]),
    Email("od-mac", FELD, [OKAFOR, LEVIN], dt(2013, 4, 18, 7, 55), "Gull Point easement",
          """Gentlemen,

Harborworks can have the easement survey done in three weeks once the county gives access.
"We would need the county's letter of access before mobilizing."

Gordon""", header="mac"),
    Email("od-apple", RAMAN, [OKAFOR], dt(2013, 4, 19, 21, 14, 9), "County vote moved",
          """The county moved the vote to May 14. Chair Sandoval wants a letter from us before then.

Sent from my iPad""", header="apple", cc=[LEVIN]),
]
OD_Q = Email("od-q", LEVIN, [OKAFOR, RAMAN], dt(2013, 4, 15, 9, 41), "Spoil site options",
             """Two options for the dredged material: the Gull Point upland site or offshore
disposal. The county has to approve the first; EPA the second.""")
QUOTED_ONLY += [
    OD_Q,
    Email("hm-ipad", FELD, [OKAFOR], dt(2012, 9, 12, 18, 31, 12), "Fwd: Re: Harbor channel survey",
          """Daniel, see Priya's note below. We are ready when you are.

Sent from my iPad""", quotes="bb-orig", quote_style="blackberry"),
]

WEB = [
    Email("owa-1", RAMAN, [LEVIN], dt(2013, 4, 16, 15, 8), "RE: Draft environmental assessment",
          """Aaron, I will send comments by Friday. The wetlands section needs the 2012 survey.

Priya""", header="owa", quotes="owa-0", quote_style="rule"),
    Email("owa-2", LEVIN, [RAMAN, OKAFOR], dt(2013, 4, 22, 10, 31), "Environmental assessment comments",
          """Priya, Daniel - the contractor has the comments. Revised draft due May 3.

Aaron""", header="owa-inline"),
    Email("gm-1", NGUYEN, [COUNTY], dt(2013, 3, 19, 9, 14), "Re: Public comment period",
          """Thank you, Ms. Sandoval. Our association will file comments. "The Gull Point marsh is the last
nesting ground for terns on this shore."

Mai Nguyen
Bellmore Harbor Neighbors""", header="gmail", cc=[COUNTY_CLERK], quotes="gm-0", quote_style="wrote",
          banner="Mai Nguyen <mai.nguyen.harbor@gmail.example>"),
]

# ---------------------------------------------------------------- referred to the port, scanned, no layer
PORT_SCANS = [
    Email("notes-1", JENSEN_NOTES, [WEBB_NOTES], dt(2013, 2, 20, 16, 45), "Re: Berth 4 soundings",
          """Tom, please resurvey berth 4 before we send anything to the Department.
Carla""", header="notes", cc=[ORTIZ_NOTES]),
    Email("gw-1", JENSEN, [WEBB, ORTIZ], dt(2013, 2, 21, 8, 30), "Re: Berth 4 soundings",
          """Tom - resurvey approved. Luis will schedule the launch.

Carla Jensen
Port Director""", header="groupwise", quotes="gw-0", quote_style="groupwise"),
    Email("desk-scan", ORTIZ, [JENSEN], dt(2013, 2, 25, 13, 12), "Resurvey results",
          """Carla,

Resurvey confirms the shoaling at berth 4: 36 feet at mean low water, not 38. The channel itself
is as charted.

Luis Ortiz
Harbor Master""", banner="Ortiz, Luis"),
    Email("owa-scan", WEBB, [JENSEN, ORTIZ], dt(2013, 2, 26, 11, 50), "Shoaling at berth 4",
          """Attached is the resurvey plot. I recommend maintenance dredging of berth 4 with the
channel work.

Tom Webb, P.E.""", header="owa-inline"),
]

# ---------------------------------------------------------------- faxed to the agency by the county
FAX = [
    FaxCover(sender="Rita Sandoval, Chair, Kell County Board", to="Daniel Okafor, Dept. of Coastal Commerce",
             from_fax="(555) 018-4400", to_fax="(202) 555-0163", date="May 15, 2013", pages=3,
             re="County vote on Gull Point site",
             comments="Two messages follow, as you asked. The Board approved the site 4-1 last night."),
    Email("fax-mac", COUNTY, [OKAFOR], dt(2013, 5, 14, 22, 3), "Gull Point approved",
          """Mr. Okafor,

The Board approved the Gull Point site tonight, 4-1, with a condition that no material is placed
during the tern nesting season, April 15 to August 15.

Rita Sandoval
Chair, Kell County Board""", header="mac"),
    Email("fax-apple", OKAFOR, [COUNTY], dt(2013, 5, 15, 7, 46, 30), "Re: Gull Point approved",
          """Chair Sandoval, thank you. The Department will honor the nesting season condition.

Sent from my iPad""", header="apple"),
]

CONTEXT = """
# Bellmore harbor channel records: every layout family

A synthetic release built to test how email prints are read. A fictional federal agency released
records about a harbor channel deepening project: its own scanned production with release stamps
on every page and its own OCR layer, emails printed by staff from Outlook, Outlook Web App, Mac
Outlook, Apple Mail and Gmail, messages referred to a port authority that runs Lotus Notes and
GroupWise, and a county's fax.

A deputy chief of staff advised waiting: "I think we can hold the announcement until the permit
clears." The contractor warned "We would need the county's letter of access before mobilizing."
A neighborhood group objected that "The Gull Point marsh is the last nesting ground for terns on
this shore." The county approved the site with a nesting-season condition.

*This is a synthetic sample release generated for testing; all people and places are fictional.*
"""

RELEASE = Release(
    slug="layout-families",
    title="Bellmore harbor channel records (layout families sample)",
    agency="U.S. Department of Coastal Commerce",
    requester="Harbor Accountability Project",
    request_number="F-2016-07731",
    released="2016-05-20",
    source_url="https://example.org/foia/dcc-bellmore-harbor",
    bates_prefix="DCC-BH-",
    bates_digits=5,
    documents=[
        Document("cover-letter.pdf", [COVER]),
        Document("C05110001.pdf", DOC1, scanned=True, scan="bilevel", ocr_layer=OMNI,
                 stamp=Stamp(**STAMP, doc="C05110001", release="RELEASE IN PART B6")),
        Document("C05110002.pdf", DOC2, scanned=True, scan="bilevel", ocr_layer=OMNI2,
                 stamp=Stamp(**STAMP, doc="C05110002", release="RELEASE IN PART B6")),
        Document("C05110003.pdf", [MEMO], scanned=True, scan="bilevel", ocr_layer=OMNI2,
                 stamp=Stamp(**STAMP, doc="C05110003", release="RELEASE IN FULL")),
        Document("C05110004.pdf", [SLIP], scanned=True, scan="bilevel", ocr_layer={},
                 stamp=Stamp(**STAMP, doc="C05110004", release="WITHHELD IN FULL B5")),
        Document("desktop-prints.pdf", DESKTOP, custodian="Okafor, Daniel"),
        Document("web-prints.pdf", WEB),
        Document("port-referral.pdf", PORT_SCANS, scanned=True, scan="bilevel"),
        Document("county-fax.pdf", FAX, scanned=True, scan="fax",
                 fax_header="MAY-15-2013 08:12  FROM:KELL CO BOARD 5550184400  TO:12025550163  P.{page}/{pages}"),
    ],
    context=CONTEXT,
    quoted_only=QUOTED_ONLY,
    families=True,
)
