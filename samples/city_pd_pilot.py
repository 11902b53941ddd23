"""Sample release: a fictional city police department's face-recognition pilot.

Illinois-style public-records release (5 ILCS 140) with state exemption codes
on the redaction boxes, plus one federal code applied at a federal partner's
request. Every person, city and number here is fictional.
"""

from datetime import datetime as dt

from release_spec import Document, Email, Letter, Party, Release

CITY = "lakemont.example.gov"


def cpd(first, last):
    return Party(f"{last}, {first}", f"{first[0].lower()}{last.lower()}@{CITY}")


CHIEF = cpd("Andrea", "Novak")
LT = cpd("Marcus", "Hale")
ANALYST = Party("Crime Analyst", "", hide="all", label="il7c")
LEGAL = cpd("Ruth", "Esposito")
ALD = Party("Ald. Teresa Quinlan", f"tquinlan@{CITY}")
CLERK = Party("", f"council.office@{CITY}")
VENDOR = Party("Jordan Pike", "jpike@clearviewsight.example")
VENDOR2 = Party("Sam Ortega", "sortega@clearviewsight.example")
FUSION = Party("Task Force Officer", "", hide="all", label="b6c")

SIG_HALE = """Lt. Marcus Hale
Commander, Technology and Analysis Unit
Lakemont Police Department
Desk: (555) 201-4410 | Cell: [[il7c:(555) 000-0000]]"""

SIG_PIKE = """Jordan Pike | Public Safety Sales, ClearViewSight Inc.
(555) 330-1200 | jpike@clearviewsight.example"""

SIG_ESPOSITO = """Ruth Esposito
Assistant Corporation Counsel, City of Lakemont
PRIVILEGED AND CONFIDENTIAL - ATTORNEY-CLIENT COMMUNICATION"""

COVER = Letter(
    letterhead=["City of Lakemont Police Department", "Office of the FOIA Officer"],
    return_address=["400 Civic Plaza", "Lakemont, Illinois 60000", "foia.police@lakemont.example.gov"],
    date="March 2, 2020",
    addressee=["Mr. Eli Brandt", "Lakemont Civic Watch", "22 Harbor Street", "Lakemont, IL 60000"],
    reference=["Re: FOIA Request No. P-2020-0187 (face recognition pilot records)"],
    paragraphs=[
        "Dear Mr. Brandt:",
        "The Lakemont Police Department has completed its search for records responsive to your "
        "request under the Illinois Freedom of Information Act, 5 ILCS 140, for communications "
        "about the Department's 2019 face recognition pilot. Enclosed are 14 pages, including this letter.",
        "Portions have been redacted under the following provisions:",
        "- 5 ILCS 140/7(1)(c): personal information whose disclosure would be an unwarranted "
        "invasion of personal privacy, marked 7(1)(c);\n"
        "- 5 ILCS 140/7(1)(f): preliminary drafts and recommendations in which opinions are "
        "expressed, marked 7(1)(f);\n"
        "- one passage in a message from a federal partner was redacted at that agency's request "
        "under federal exemption (b)(7)(E), and names of federal personnel under (b)(6) and "
        "(b)(7)(C).",
        "You have a right to seek review by the Public Access Counselor of the Office of the "
        "Attorney General, or judicial review under 5 ILCS 140/11.",
    ],
    closing=["Respectfully,", "", "Dale Whitaker", "FOIA Officer, Lakemont Police Department"],
)

ITEMS = [
    COVER,
    Email("demo-offer", VENDOR, [LT], dt(2019, 2, 11, 9, 20), "ClearViewSight demo for Lakemont PD",
          f"""Lieutenant Hale,

Great to meet you at the state chiefs' conference. As discussed, we would be happy to give your
team a live demonstration of ClearViewSight Investigate, our face search tool for investigators.
The demo takes about an hour and we can run it against a sample gallery or, with a trial account,
against your own booking photos.

Agencies similar in size to Lakemont typically start with a 60-day pilot at no cost.

{SIG_PIKE}""", header="outlook"),
    Email("demo-accept", LT, [VENDOR], dt(2019, 2, 12, 14, 5), "RE: ClearViewSight demo for Lakemont PD",
          f"""Jordan,

Thanks. We can do Tuesday, February 26 at 10:00 at headquarters. Please plan on about eight
attendees, including our crime analysts and someone from Corporation Counsel.

{SIG_HALE}""", quotes="demo-offer", cc=[ANALYST]),
    Email("demo-notes", LT, [CHIEF], dt(2019, 2, 27, 8, 40), "Notes from vendor demo",
          f"""Chief,

Summary of yesterday's demonstration:

- The tool searches a probe photo against a gallery and returns a ranked list of candidates
  with similarity scores. It does not make an identification; the investigator does.
- The vendor's trial would load our booking photos (about 180,000 images) into a hosted gallery.
- Analysts liked the speed. [[il7c:Analyst name]] raised the question of false matches on
  low-quality surveillance stills.
- Corporation Counsel asked where the images are stored and who at the vendor can access them.

[[il7f#4]]

{SIG_HALE}""", header="table"),
    Email("policy-draft", LT, [LEGAL], dt(2019, 3, 8, 16, 12), "Draft pilot policy for review",
          f"""Ruth,

Attached is a first draft of the pilot use policy. Main points: use limited to criminal
investigations, results treated as investigative leads only, no use on live video, and an audit
of every search by the unit supervisor.

[[il7f:I am not sure we need a separate approval for each search; let me know your view.]]

{SIG_HALE}""", attachments=["FRT Pilot Policy DRAFT v0.3.docx"], cc=[CHIEF]),
    Email("policy-legal", LEGAL, [LT], dt(2019, 3, 14, 11, 30), "RE: Draft pilot policy for review",
          f"""Marcus,

Comments are in the attached markup. Two items need a decision before the pilot starts:

[[il7f#3]]

Also note that the Biometric Information Privacy Act does not apply to the City, but the public
will ask the question; the policy should say so plainly.

{SIG_ESPOSITO}""", quotes="policy-draft", attachments=["FRT Pilot Policy v0.3 - CC comments.docx"], scanned=True,
          noise={"From": "F rom:"}),
    Email("council-q", ALD, [CHIEF], dt(2019, 4, 2, 19, 55), "Questions about face recognition pilot",
          """Chief Novak,

Several residents contacted my office after reading about a face recognition pilot. Before the
public safety committee meets on April 18 I would like answers to the following:

1. Which vendor is involved and what does the pilot cost?
2. Whose photos are in the database being searched?
3. Has the tool been tested for accuracy across race and gender?
4. Will the Council see the policy before the pilot begins?

Thank you,
Teresa Quinlan
Alderperson, 4th Ward""", cc=[CLERK], header="date", date_fmt="rfc", scanned=True),
    Email("council-a", CHIEF, [ALD], dt(2019, 4, 9, 17, 20), "RE: Questions about face recognition pilot",
          """Alderperson Quinlan,

Thank you for your questions. Answers in order:

1. The vendor is ClearViewSight. The 60-day pilot is offered at no cost to the City.
2. Only Lakemont booking photographs taken after lawful arrests. No driver's license or social
   media images are included.
3. The vendor reports testing results, which we have asked to review independently before any
   decision beyond the pilot.
4. Yes. The draft policy will be shared with the public safety committee before April 18.

Chief Andrea Novak
Lakemont Police Department""", quotes="council-q", scanned=True, cc=[CLERK, LT]),
    Email("privacy", Party("Privacy Advisory Board", f"pab@{CITY}"), [CHIEF, LEGAL], dt(2019, 4, 15, 10, 0),
          "Privacy Advisory Board comments on the pilot",
          """Chief Novak and Ms. Esposito,

The Board reviewed the draft policy at its April 12 meeting. The Board recommends that the pilot
(a) publish the number of searches and resulting arrests, (b) prohibit searches based solely on
a person's participation in protected activity, (c) delete probe images not connected to a case
after 30 days, and (d) require a second analyst to review any candidate before it is shared.

Members also asked how results from the federal task force will be handled.""", date_fmt="short24"),
    Email("fusion", FUSION, [LT], dt(2019, 4, 22, 13, 45), "Request for search support",
          """Lt. Hale,

Per our call, the task force may ask your unit to run probe images during the pilot.
[[b7e:Probe images will be provided through the usual secure channel and results returned only
to the requesting officer]]. Please do not include our requests in public statistics without
coordinating with [[b6c:Supervisor name]].

[[b6c:Task Force Officer name]]
[[b6c:Task Force name and address]]""", cc=[ANALYST]),
    Email("pilot-start", LT, [CHIEF, LEGAL], dt(2019, 5, 1, 7, 30), "Pilot start",
          f"""The pilot account is live as of this morning. Four analysts are trained. The audit log
is enabled and will be reviewed weekly by me. First report at 30 days.

{SIG_HALE}""", cc=[ANALYST]),
    Email("pilot-report", LT, [CHIEF], dt(2019, 6, 3, 15, 10), "30-day pilot report",
          f"""Chief,

Thirty-day numbers: 41 searches, 23 returned candidates that analysts forwarded as leads, 2 leads
confirmed by other evidence, 0 arrests based on the tool alone. Three searches were declined by
the reviewing analyst because the probe image quality was too poor.

[[il7f#2]]

{SIG_HALE}""", quotes="pilot-start", quote_style="wrote"),
    Email("pilot-end", CHIEF, [LT, LEGAL], dt(2019, 7, 1, 9, 0), "End of pilot",
          """Marcus, Ruth,

I have decided not to extend the pilot past June 30. Please close the vendor account, confirm in
writing that our booking photos have been deleted from the vendor's systems, and prepare a short
report for the public safety committee.

Chief Andrea Novak""", importance="High"),
    Email("deletion", VENDOR2, [LT], dt(2019, 7, 9, 12, 0), "RE: Account closure and data deletion",
          """Lieutenant,

This confirms that the Lakemont trial account was closed on July 3, 2019 and that all gallery
images, probe images and search logs were deleted from our production systems on July 8, 2019.
Backups roll off within 35 days.

Sam Ortega
Customer Success, ClearViewSight Inc.""", cc=[VENDOR], header="date", date_fmt="long"),
]

CONTEXT = """
# Lakemont Police Department face recognition pilot, 2019

A local civic group asked the Lakemont Police Department for its records about a short pilot of a
commercial face search tool. The release contains a cover letter and thirteen messages between
the department, a vendor, city lawyers, an alderperson and a privacy board, from February to July
2019.

The vendor offered a free trial in February 2019, and a department lieutenant summarised the demo
by noting that the tool "does not make an identification; the investigator does." An alderperson
wrote on April 2, 2019 that "Several residents contacted my office after reading about a face
recognition pilot". The pilot began on May 1, 2019; the thirty-day report counted
"0 arrests based on the tool alone." The chief ended the pilot at the end of June, writing "I have
decided not to extend the pilot past June 30."

Redactions use the Illinois exemptions 7(1)(c) and 7(1)(f) and, in one message from a federal
task force, the federal codes (b)(6), (b)(7)(C) and (b)(7)(E).

*This is a synthetic sample release generated for testing; all people and places are fictional.*
"""

RELEASE = Release(
    slug="city-pd-pilot",
    title="Lakemont Police Department face recognition pilot records (2019)",
    agency="Lakemont Police Department",
    requester="Lakemont Civic Watch",
    request_number="P-2020-0187",
    released="2020-03-02",
    source_url="https://example.org/foia/lakemont-pd-face-recognition",
    bates_prefix="CPD-FRP-",
    bates_digits=4,
    documents=[Document("cpd-frp-records.pdf", ITEMS, scanned=False, custodian="Hale, Marcus")],
    context=CONTEXT,
)
