"""Sample release: DEA - Microsoft correspondence on Azure Government AI services.

Modelled on the kind of records the ACLU obtained from the DEA in FOIA
litigation (reported June 2020). Every person, address, phone number and
request number here is fictional.
"""

from datetime import datetime as dt

from release_spec import Deleted, Document, Email, Letter, Meeting, Memo, Party, Release, Withheld


def ms(name, title=None):
    first, last = name.lower().split()[0], name.lower().split()[-1]
    return Party(name, f"{first}.{last}@microsoft.com")


KEVIN = ms("Kevin Marsh")
PRIYA = ms("Priya Raman")
DANIEL = ms("Daniel Okafor")
LAURA = ms("Laura Brennan")
TOM = ms("Tom Whitfield")
MEGAN = ms("Megan Cho")
KEVIN_Q = Party("Marsh, Kevin", "kevin.marsh@microsoft.com", quote_name=True)
PRIYA_N = Party("Priya Raman")  # display name only

ELLISON = Party("Ellison, Mark", "mark.ellison@dea.gov")
ELLISON_R = Party("Ellison, Mark", "mark.ellison@dea.gov", hide="address", label="b6c")
HARMON = Party("Harmon, Jill (DEA)", "jill.harmon@usdoj.gov")


def dea(label="b6c", name="Redacted Staff"):
    """A DEA employee redacted in full."""
    return Party(name, "", hide="all", label=label)


def dea_local(label="b6c"):
    return Party("", "staff.member@dea.gov", hide="local", label=label)


DEA1, DEA2, DEA3 = dea(), dea(name="Special Agent Name"), dea("b6", "Analyst Name")
DEA_V = dea("b6cs", "Program Manager")

SIG_KEVIN = """Kevin Marsh
Account Executive, Department of Justice
Microsoft Federal | 12012 Sunset Hills Road, Reston, VA 20190
Mobile: +1 (703) 555-0142 | kevin.marsh@microsoft.com"""

SIG_PRIYA = """Thanks,
Priya

Priya Raman | Cloud Solution Architect, Azure Government
Microsoft Federal
Office: (571) 555-0178"""

SIG_DANIEL = """Daniel Okafor
Technical Specialist, Cognitive Services and AI
Microsoft Corporation | One Microsoft Way, Redmond, WA 98052
+1 (425) 555-0133"""

SIG_LAURA = """Laura Brennan
Director, Federal Civilian and Justice Sales
Microsoft Federal
(202) 555-0120"""

SIG_DEA = """[[b6c:Firstname Lastname]]
[[b6c:Staff Coordinator]], Office of Investigative Technology
Drug Enforcement Administration
Office: [[b6c:(202) 307-0000]] | Cell: [[b6c:(571) 000-0000]]

LAW ENFORCEMENT SENSITIVE: This message and any attachments may contain information that is
sensitive, privileged or otherwise protected from disclosure. If you are not the intended
recipient, please notify the sender and delete the message."""

SIG_ELLISON = """Mark Ellison
Section Chief, Investigative Technology Section
Drug Enforcement Administration
Office: [[b6:(202) 307-0000]]"""

SIG_TOM = """Tom Whitfield
Senior Attorney, Corporate, External and Legal Affairs (CELA)
Microsoft Corporation

This message may contain confidential and privileged information. If you received it in
error, please notify the sender and delete it."""

REQUIRED = ("We are gathering requirements for AI services that could be leveraged for "
            "transcription, language translation, face recognition, and others. We are planning "
            "to extend our cloud environment to include AI services from Microsoft Azure "
            "Government (MAG) cloud.")

COVER = Letter(
    letterhead=["U.S. Department of Justice", "Drug Enforcement Administration"],
    return_address=["FOI/Records Management Section", "8701 Morrissette Drive",
                    "Springfield, Virginia 22152"],
    date="May 29, 2020",
    addressee=["Ms. Dana Whitcomb, Staff Attorney", "American Civil Liberties Union Foundation",
               "100 Example Street, 18th Floor", "New York, NY 10004"],
    reference=["Re: FOIA Request No. 19-00412-F; Civil Action No. 1:19-cv-01877 (D.D.C.)"],
    paragraphs=[
        "Dear Ms. Whitcomb:",
        "This letter is the Drug Enforcement Administration's (DEA) final response to your "
        "Freedom of Information Act (FOIA) request seeking records of communications between DEA "
        "personnel and Microsoft Corporation concerning face recognition, speech transcription, "
        "translation and other artificial intelligence services, from September 1, 2017 to "
        "December 31, 2018.",
        "DEA located 96 pages of responsive records. After review, DEA is releasing pages in full "
        "or in part and withholding portions under the following exemptions of the FOIA, "
        "5 U.S.C. 552:",
        "- (b)(5): inter-agency or intra-agency deliberative material;\n"
        "- (b)(6): information whose release would be a clearly unwarranted invasion of personal privacy;\n"
        "- (b)(7)(C): law enforcement records whose release could reasonably be expected to be an "
        "unwarranted invasion of personal privacy;\n"
        "- (b)(7)(E): techniques, procedures and guidelines for law enforcement investigations.",
        "Each redaction is marked with the exemption applied. Pages withheld in full are "
        "replaced by a sheet stating the exemption. Duplicate pages have been removed.",
        "If you have questions about this response, please contact the Assistant United States "
        "Attorney assigned to the litigation.",
    ],
    closing=["Sincerely,", "", "Marianne Colter, Chief", "Freedom of Information/Privacy Act Unit",
             "FOI/Records Management Section"],
)

# ------------------------------------------------------------------ part 1: Sep 2017 - Mar 2018
P1 = [
    COVER,
    Email("intro", KEVIN, [DEA1], dt(2017, 9, 12, 10, 4), "Introduction - Microsoft Azure Government",
          f"""Good morning [[b6c:Firstname]],

Thank you for taking my call yesterday. As promised, here is a short introduction.

I lead the Department of Justice account team at Microsoft Federal. Azure Government is our
cloud for U.S. government agencies and their partners: physically isolated datacenters,
screened U.S. personnel, and FedRAMP High and DoD Impact Level 4 authorizations. Several DOJ
components already run workloads there.

You mentioned that your office is looking at ways to process large volumes of audio and
video more efficiently. Our Cognitive Services (speech, language and vision APIs) are a good
fit for that conversation, and several of them are on the roadmap for Azure Government.

Would you have an hour in the next two weeks for a briefing with our architect? I can bring
Priya Raman, who supports DOJ on Azure Government.

Best regards,

{SIG_KEVIN}""", cc=[PRIYA]),
    Email("intro-re", DEA1, [KEVIN], dt(2017, 9, 14, 16, 22), "RE: Introduction - Microsoft Azure Government",
          f"""Kevin,

Thanks for the note. We would be interested in a briefing. The week of September 25 works
best for us; Wednesday the 27th in the afternoon is open for most of the team.

Please send the names of everyone who will attend so we can arrange visitor access. Our
building requires 72 hours notice for escorts.

{SIG_DEA}""", quotes="intro"),
    Email("confirm", KEVIN, [DEA1], dt(2017, 9, 18, 9, 41), "Meeting confirmation - Azure Government briefing 9/27",
          f"""[[b6c:Firstname]],

Confirming Wednesday, September 27 at 1:00 PM at your headquarters. Attending from Microsoft:

- Kevin Marsh, Account Executive
- Priya Raman, Cloud Solution Architect
- Daniel Okafor, Technical Specialist, Cognitive Services

Full names, dates of birth and citizenship for the visitor request were sent separately
through the secure form your security office provided. I will also send a calendar hold.

Agenda we propose:
1. Azure Government overview and compliance (15 min)
2. Cognitive Services: speech, translation, vision (30 min)
3. Discussion of your use cases (15 min)

{SIG_KEVIN}""", cc=[PRIYA, DANIEL], date_fmt="outlook", header="table"),
    Meeting("briefing", KEVIN, [DEA1, DEA2, ELLISON_R, KEVIN, PRIYA, DANIEL],
            "Azure Government and Cognitive Services briefing", "DEA Headquarters, Room [[b7e:C-0000]]",
            dt(2017, 9, 27, 13, 0), dt(2017, 9, 27, 14, 30),
            """Briefing for the Office of Investigative Technology on Azure Government and the
Cognitive Services roadmap.

Visitors must check in at the lobby desk 20 minutes before the start time with a government-issued
photo ID. Laptops are permitted; no personal recording devices.

Dial-in for remote attendees: [[b7e:+1 (000) 000-0000, conference ID 000 000 000]]"""),
    Email("materials", PRIYA, [DEA1, DEA2], dt(2017, 9, 28, 11, 15), "Follow-up: materials from yesterday's briefing",
          f"""Hello all,

Thank you again for hosting us yesterday. Attached are the two decks we presented and the
current Azure Government services list.

A few follow-ups we captured:
- Which Cognitive Services are available in Azure Government today, and the expected dates for
  the rest (Face API, Speech to Text, Translator Text, Text Analytics).
- Whether data sent to the APIs is retained or used to train models.
- How pricing works for high-volume transcription.
- A reference architecture for processing audio stored in your existing environment.

We will come back on each of these next week.

{SIG_PRIYA}""", cc=[KEVIN, DANIEL],
          attachments=["Azure Government Overview.pdf", "Cognitive Services Roadmap - Government.pptx",
                       "Azure Gov Services List Sep2017.xlsx"]),
    Email("fedramp-q", DEA2, [PRIYA], dt(2017, 10, 5, 14, 2), "RE: Follow-up: materials from yesterday's briefing",
          f"""Priya,

Two questions from our security staff before we go further:

1. Is the Azure Government environment that would host these services covered by the FedRAMP
High P-ATO, and will the Cognitive Services be inside that boundary when they become available?
2. Can Microsoft sign the CJIS Security Addendum for the personnel who would have access to
the environment?

Also, [[b7e:one of our programs needs to know whether audio can be processed without leaving a
specific region and how long intermediate files remain]].

{SIG_DEA}""", quotes="materials", cc=[DEA1]),
    Email("fedramp-a", PRIYA, [DEA2], dt(2017, 10, 6, 17, 48), "RE: Follow-up: materials from yesterday's briefing",
          f"""Hi [[b6c:Firstname]],

Good questions. Short answers below; we can go deeper on a call.

1. Azure Government holds a FedRAMP High Provisional Authority to Operate. New services are
added to the boundary as they go through assessment. Cognitive Services are planned to be
assessed at High; I will share dates as soon as they are public.
2. Yes. Microsoft has signed the CJIS Security Addendum with many states and screens the
personnel who operate Azure Government. Your CJIS Systems Officer would work with our CJIS
team on the paperwork.

On the regional question: data stays within the Azure Government regions you select. The
speech service does not store audio after a request completes, except for diagnostics that can
be turned off. Happy to put this in writing for your ISSO.

{SIG_PRIYA}""", quotes="fedramp-q", cc=[DEA1, KEVIN], quote_style="rule"),
    Email("exec", KEVIN, [ELLISON], dt(2017, 10, 19, 8, 30), "Executive briefing request",
          f"""Mr. Ellison,

Your team has been generous with their time over the past month, and I wanted to reach out to
you directly. Our Federal leadership would welcome the chance to brief you on how other
Justice components are using Azure Government and where we are taking AI services in the
government cloud.

Laura Brennan, who leads our Federal civilian and justice business, could meet at your office
any afternoon the week of November 6.

Respectfully,

{SIG_KEVIN}""", cc=[LAURA], header="date", date_fmt="rfc", importance="High"),
    Email("exec-re", ELLISON, [KEVIN], dt(2017, 10, 23, 13, 50), "RE: Executive briefing request",
          f"""Kevin,

Thank you. I can make time on Tuesday, November 7 at 2:00 PM. Please keep it to 45 minutes and
focus on what other Justice components have actually deployed, not the roadmap. My staff will
send building access instructions.

{SIG_ELLISON}""", quotes="exec", cc=[LAURA, DEA1]),
    Email("exec-re2", LAURA, [ELLISON], dt(2017, 10, 23, 15, 2), "RE: Executive briefing request",
          f"""Mr. Ellison,

Thank you, November 7 at 2:00 PM works. We will keep to 45 minutes and bring two short
customer examples from Justice components that have agreed to be referenced.

{SIG_LAURA}""", quotes="exec-re", cc=[KEVIN, DEA1]),
    Email("faceapi", DANIEL, [DEA1, DEA2], dt(2017, 11, 2, 15, 5), "Face API - technical overview",
          f"""Hello,

As requested during the briefing, here is a short technical overview of the Face API.

What it does:
- Detection: finds faces in an image and returns their position and attributes (head pose,
  glasses, blur, exposure).
- Verification: compares two faces and returns a confidence that they belong to the same person.
- Identification: searches a face against a "person group" you build and manage. A person group
  can hold up to 10,000 persons in the standard tier; larger groups are in preview.
- Grouping and find-similar: clusters unknown faces in a collection.

What it does not do: it does not keep images after processing, and Microsoft does not use your
images to improve the service. Each call is stateless except for the person groups you create.

Accuracy depends heavily on image quality. Frontal, well-lit images give the best results; frames
pulled from surveillance video are far harder. We recommend always keeping a trained human
reviewer in the loop for any identification.

The Face API is available in commercial Azure today. For Azure Government, it is on the roadmap
but we do not have a committed date yet.

{SIG_DANIEL}""", cc=[PRIYA, KEVIN]),
    Email("faceapi-re", DEA1, [DANIEL], dt(2017, 11, 3, 10, 12), "RE: Face API - technical overview",
          f"""Daniel,

Very helpful, thank you. For context, the use case we discussed internally is:

[[b7e#4]]

Could you tell us what image resolution and face size in pixels you recommend as a minimum, and
whether the confidence scores can be tuned per deployment?

{SIG_DEA}""", quotes="faceapi", cc=[DEA2]),
    Email("workshop-reg", MEGAN, [DEA1, DEA2, DEA3], dt(2017, 11, 15, 12, 0), "Registration: AI workshop at the Microsoft Technology Center",
          """Hello,

You are invited to a hands-on AI workshop for federal law enforcement customers at the
Microsoft Technology Center in Reston, Virginia, on Thursday, December 14, 2017, 9:00 AM to
3:00 PM. Lunch is provided.

Sessions include speech transcription with custom acoustic models, translation of documents and
audio, and image analysis. Attendance is limited to 30 people.

Please reply by December 1 with the names of attendees and any dietary restrictions.

Megan Cho
Events Manager, Microsoft Federal
(703) 555-0161""", noise={}),
    Email("workshop-reg-re", DEA3, [MEGAN], dt(2017, 11, 28, 10, 37), "RE: Registration: AI workshop at the Microsoft Technology Center",
          f"""Megan,

Please register the following from our office: [[b6:Firstname Lastname]], [[b6:Firstname
Lastname]] and [[b6:Firstname Lastname]]. No dietary restrictions.

Is there a guest Wi-Fi network at the center? Our laptops cannot join unknown networks, so we
may only observe during the labs.

{SIG_DEA}""", quotes="workshop-reg", cc=[DEA1]),
    Email("yearend", KEVIN, [DEA1], dt(2017, 12, 6, 17, 2), "Year-end check-in",
          """Hi [[b6c:Firstname]], I know December is busy. Should we pick the conversation back up in
January, once your new budget year plans are clearer? Happy holidays to you and the team.

Kevin""", date_fmt="rfc", header="date"),
    Email("yearend-re", DEA1, [KEVIN], dt(2017, 12, 7, 8, 55), "RE: Year-end check-in",
          """Kevin, yes, let's reconnect the second week of January. Thanks and happy holidays.

[[b6c:Firstname]]""", same_page=True),
    Email("speech", PRIYA, [DEA1, DEA2], dt(2018, 1, 10, 13, 27), "Speech to Text - accuracy on noisy recordings",
          f"""Happy new year, all.

Following up on the question about recordings made over phone lines and in noisy environments.
The baseline Speech to Text model does well on clean audio, but accuracy drops on narrowband
telephone audio with background noise and overlapping speakers.

Custom Speech lets you adapt the model in two ways:
- Language adaptation: upload text with the vocabulary your analysts actually hear (slang,
  place names, product names). This usually gives the biggest improvement.
- Acoustic adaptation: upload short audio samples with transcripts that match your recording
  conditions.

If you can share a small set of representative recordings, we can measure word error rate
before and after adaptation. We understand if that is not possible; synthetic samples recorded
over a phone line also work for a first test.

{SIG_PRIYA}""", cc=[KEVIN, DANIEL]),
    Email("speech-re", DEA2, [PRIYA], dt(2018, 1, 22, 9, 40), "RE: Speech to Text - accuracy on noisy recordings",
          f"""Priya,

We will not be able to share operational recordings. [[b7e:Our recordings are collected under
court orders and cannot leave the evidence system]]. We can probably produce test recordings
with staff reading scripted conversations; I am checking with [[b6c:Firstname Lastname]] whether
that requires any approvals.

What volume would you need for a meaningful test? Ten hours? A hundred?

{SIG_DEA}""", quotes="speech", quote_style="wrote", cc=[DEA1]),
    Email("pricing", KEVIN, [DEA1, DEA2], dt(2018, 2, 5, 16, 10), "Pricing - Cognitive Services in Azure Government",
          f"""[[b6c:Firstname]],

As promised, indicative pricing for the services we discussed. These are commercial list prices;
Azure Government pricing is typically within a few percent and your DOJ enterprise agreement
discounts would apply.

- Speech to Text, standard: $1.00 per audio hour
- Custom Speech model hosting: $40 per model per month, plus $1.40 per audio hour
- Translator Text: $10 per million characters
- Text Analytics (sentiment, key phrases): $2 per 1,000 text records at the S tier
- Face API: $1.00 per 1,000 transactions for the first million, lower tiers above that

For 5,000 hours of audio a month, transcription would cost roughly $5,000 to $7,000 a month
before discounts. Storage and compute for the surrounding pipeline would be extra.

Let me know if you need a formal quote on letterhead for your budget submission.

{SIG_KEVIN}""", cc=[PRIYA], attachments=["Cognitive Services Indicative Pricing FY18.xlsx"]),
    Email("pricing-re", DEA1, [KEVIN], dt(2018, 2, 6, 11, 31), "RE: Pricing - Cognitive Services in Azure Government",
          f"""Kevin,

Thank you. A formal quote would help. Please address it to [[b6c:Firstname Lastname]] in our
Office of Acquisition Management and reference the DOJ enterprise agreement number.

[[b5#3]]

{SIG_DEA}""", quotes="pricing", cc=[DEA2]),
    Email("translator", DANIEL, [DEA2], dt(2018, 2, 21, 10, 0), "Translator Text - languages supported",
          f"""Hi [[b6c:Firstname]],

You asked which languages the Translator service supports for text and speech. Text translation
covers more than 60 languages, including Spanish, Portuguese, Chinese (Simplified and
Traditional), Arabic, Russian, French, Vietnamese, Urdu and Farsi. Speech translation supports a
smaller set: Spanish, Chinese, Arabic, Russian, French, German, Italian, Japanese, Portuguese and
Korean.

Custom Translator (in preview) lets you train on your own parallel documents, which usually helps
with domain vocabulary.

{SIG_DANIEL}""", cc=[PRIYA], date_fmt="damaged"),
    Email("agenda", PRIYA, [DEA1, DEA2], dt(2018, 3, 8, 14, 45), "Workshop agenda - April 3",
          f"""Hello,

Here is the draft agenda for the on-site workshop on Tuesday, April 3:

09:00 Welcome and objectives
09:15 Azure Government: subscriptions, networking, identity
10:30 Lab: transcribe and translate sample audio with Speech and Translator
12:00 Lunch
12:45 Lab: sentiment analysis of transcribed calls with Text Analytics
14:00 Demo: Face API detection and verification on sample images
15:00 Next steps and proof-of-concept planning

Please confirm the number of attendees and whether the training room has wired network access
for the lab laptops.

{SIG_PRIYA}""", cc=[KEVIN, DANIEL, MEGAN]),
    Email("agenda-re", DEA1, [PRIYA], dt(2018, 3, 9, 9, 2), "RE: Workshop agenda - April 3",
          f"""Priya,

Agenda looks good. Expect about 14 attendees from our office and two from [[b7e:another
component]]. Attendees: [[b6c:Firstname Lastname, Firstname Lastname, Firstname Lastname]].

The room has wired access on a guest network only. Please bring your own hotspot as backup.

{SIG_DEA}""", quotes="agenda", cc=[DEA2, KEVIN]),
]

# ------------------------------------------------------------------ part 2 (scanned): Apr - Aug 2018
REQS = """Requirements we heard (please correct anything we got wrong):

1. Transcription of recorded telephone calls in English and Spanish, with speaker separation.
2. Translation of transcripts from Spanish, Portuguese, Chinese and Arabic into English.
3. Search across transcripts by keyword, phrase and speaker.
4. Sentiment and key-phrase extraction on transcripts to help analysts prioritize review.
5. Face detection and comparison on still images, with a human examiner making every decision.
6. All processing inside Azure Government, with no data retained by the AI services.
7. Audit logging of every request, exportable to your SIEM.
8. Role-based access tied to your existing directory.
9. Throughput of at least 5,000 audio hours per month, with bursts at month end.
10. A path to an Authority to Operate at FedRAMP High.

Open questions on our side:
- Whether the speaker separation needs to label known speakers or only distinguish them.
- Expected retention of transcripts in your own storage.
- Whether video (not just still images) is in scope for the face workload.

Proposed next steps:
- Microsoft to send a proof-of-concept proposal with scope, timeline and cost by May 15.
- DEA to identify a test data set (scripted recordings) and the ISSO for the POC environment.
- Joint call on data handling terms with Microsoft CELA and your counsel."""

P2 = [
    Email("logistics", MEGAN, [DEA1], dt(2018, 4, 3, 10, 15), "Workshop logistics - parking and badges",
          """Hi,

Our team is arriving at 8:15. Could your front desk have the visitor badges ready? We have
four people and two carts of lab equipment. Is there a loading dock we should use?

Thanks,
Megan

Megan Cho | Events Manager, Microsoft Federal | (703) 555-0161""",
          header="date", date_fmt="short24", noise={"From": "F rom:"}),
    Email("followup", PRIYA, [DEA1, DEA2, ELLISON], dt(2018, 4, 5, 18, 20), "Workshop follow-up and next steps",
          f"""Hello all,

Thank you for a productive day on Tuesday. The team enjoyed the discussion, and the questions
from your analysts during the labs were excellent. This note summarizes what we heard and the
next steps.

{REQS}

Notes from the labs:
- The transcription lab used three scripted recordings. Word error rate on the telephone
  recording was noticeably higher than on the studio recording, as expected. Custom Speech
  should close much of that gap.
- The translation lab showed that names and slang are the main source of errors. A custom
  glossary helps.
- Several attendees asked about running sentiment analysis on voice recordings directly. Today
  the flow is speech to text first, then Text Analytics on the transcript.
- The Face API demo used public sample images only. Attendees asked about matching against
  booking photos; we explained that person groups are created and controlled by the customer
  and that the service itself holds no reference images.

We will send the proof-of-concept proposal by May 15. Please let me know who will be the
technical point of contact on your side.

{SIG_PRIYA}""", cc=[KEVIN, DANIEL, LAURA], attachments=["Workshop Slides 2018-04-03.pdf", "Lab Guide.docx"],
          quotes="agenda-re"),
    Email("followup-re", DEA2, [PRIYA], dt(2018, 4, 12, 15, 33), "RE: Workshop follow-up and next steps",
          f"""Priya,

Thank you for the thorough summary. Corrections to the requirements:

- Item 1: we also need Russian and Portuguese audio within the first year.
- Item 5: [[b7e:the comparison use case is limited to images already lawfully in our
  possession]]; there is no live video requirement.
- Item 9: 5,000 hours is a ceiling estimate for the first year.

Our technical point of contact will be [[b6c:Firstname Lastname]]. Our ISSO is
[[b6c:Firstname Lastname]].

{SIG_DEA}""", quotes="followup", noise={"Subject": "Subiect:"}, cc=[DEA1]),
    Email("sentiment", DANIEL, [DEA2], dt(2018, 4, 20, 11, 11), "Sentiment analysis on call audio - approach",
          f"""[[b6c:Firstname]],

Following the question at the workshop about sentiment on voice recordings, here is how we would
approach it with the services available today:

1. Transcribe the call with Speech to Text (custom model), with speaker separation.
2. Split the transcript into utterances per speaker.
3. Run Text Analytics sentiment on each utterance. The score is between 0 (negative) and 1
   (positive).
4. Aggregate per speaker and per call, and flag calls where the score changes sharply.

Sentiment is computed from the words only; tone of voice is not considered. Scores on short,
slang-heavy utterances are unreliable and should only be used to sort calls for human review,
never as evidence.

{SIG_DANIEL}""", cc=[PRIYA]),
    Email("retention-q", DEA_V, [KEVIN], dt(2018, 5, 2, 9, 5), "Question re: data retention in Cognitive Services",
          f"""Kevin,

Our Office of Chief Counsel asked us to confirm in writing what happens to data submitted to
the Cognitive Services: whether it is logged, how long it is kept, who at Microsoft can see it,
and whether it is ever used to train or improve the models.

Could someone from your legal team address this?

{SIG_DEA}""", cc=[DEA1], header="date", date_fmt="long"),
    Email("retention-a", TOM, [DEA_V], dt(2018, 5, 3, 19, 40), "RE: Question re: data retention in Cognitive Services",
          f"""Dear [[b6c:Firstname]],

Kevin asked me to respond to your question. The short answer: customer data submitted to the
Cognitive Services in Azure Government is processed only to provide the service, is not used to
train or improve Microsoft's models, and is not retained after processing except where a
feature (such as a person group or a custom model) stores it at the customer's direction.

The details are governed by the Online Services Terms and the Azure Government-specific terms in
your enterprise agreement. Access by Microsoft personnel to customer data in Azure Government is
limited to screened U.S. persons, on a just-in-time basis, and is logged.

I would suggest a call with your Office of Chief Counsel to walk through the terms. I am
available most mornings next week.

{SIG_TOM}""", quotes="retention-q", cc=[KEVIN, DEA1]),
    Email("poc", KEVIN, [DEA1, DEA2, ELLISON], dt(2018, 5, 14, 17, 0), "Proof of concept proposal",
          f"""All,

Attached is our proposal for a 90-day proof of concept in Azure Government covering transcription,
translation and text analytics. The face recognition workload is listed as optional phase two,
pending availability of the Face API in Azure Government and your internal review.

Highlights:
- Microsoft funds the Azure consumption for the 90 days, up to $50,000.
- Microsoft Services provides two engineers for the first six weeks.
- Success criteria: word error rate, translation quality scored by your linguists, and analyst
  time saved per call.

Happy to walk through it on a call this week.

{SIG_KEVIN}""", cc=[PRIYA, LAURA], attachments=["DEA AI POC Proposal v1.docx", "POC Success Criteria.xlsx"],
          importance="High"),
    Email("poc-re", DEA1, [KEVIN], dt(2018, 5, 18, 13, 5), "RE: Proof of concept proposal",
          f"""Kevin,

Thank you for the proposal. We are reviewing it internally.

[[b5#5]]

We should have feedback by the first week of June.

{SIG_DEA}""", quotes="poc", cc=[DEA2, ELLISON_R]),
    Deleted(["DELETED PAGE INFORMATION SHEET", "", "1 page withheld entirely at this location.",
             "", "(b)(7)(E)", "", "Page withheld for the following reason(s):",
             "Law enforcement techniques and procedures"], scanned=True),
    Email("subscription", PRIYA, [DEA2], dt(2018, 6, 1, 10, 30), "POC environment - subscription setup",
          f"""Hi [[b6c:Firstname]],

To set up the proof-of-concept subscription in Azure Government we need:

- The name and government e-mail of the subscription owner.
- Your tenant ID, if you already have an Azure Government tenant; otherwise we will create one.
- The IP ranges that should be allowed to reach the environment.
- Confirmation of the regions to use (USGov Virginia primary, USGov Texas secondary).

Once we have these, provisioning takes about five business days.

{SIG_PRIYA}""", cc=[KEVIN]),
    Email("subscription-re", DEA2, [PRIYA], dt(2018, 6, 14, 16, 48), "RE: POC environment - subscription setup",
          f"""Priya,

Subscription owner: [[b6c:Firstname Lastname, firstname.lastname@dea.gov]].
IP ranges: [[b7e:000.000.000.0/24 and 000.000.000.0/26]].
Regions confirmed.

We do not yet have an Azure Government tenant.

{SIG_DEA}""", quotes="subscription", noise={"Subject": "Subiect:", "From": "F rom:"}),
    Email("accuracy", DANIEL, [DEA1, DEA2], dt(2018, 6, 28, 14, 20), "Face API - accuracy and demographic testing",
          f"""Hello,

Some of your colleagues asked about recent public research on error rates of face recognition
across demographic groups. We take this seriously. This week we announced an update to the Face
API that reduced error rates for darker-skinned women by up to twenty times, after we expanded
and diversified the training data.

We still recommend that any identification use includes human review, clear policies on when
the technology may be used, and testing on data that reflects your actual images.

I can share a summary of our internal evaluation methodology under NDA if helpful.

{SIG_DANIEL}""", cc=[PRIYA, KEVIN], date_fmt="outlook"),
    Email("accuracy-re", DEA2, [DANIEL], dt(2018, 7, 2, 8, 48), "RE: Face API - accuracy and demographic testing",
          f"""Daniel,

Thank you. We would like to see the evaluation summary. Please check with Kevin on the NDA;
our acquisition office has a standard non-disclosure form for this purpose.

Can you also tell us whether the accuracy figures apply to the version that will be deployed in
Azure Government, or only to the commercial service?

{SIG_DEA}""", quotes="accuracy", cc=[DEA1, PRIYA], noise={"From": "F rom:"}),
    Email("status", DEA1, [KEVIN], dt(2018, 7, 11, 9, 15), "Status of POC",
          """Kevin, a quick status: the proposal is still with our front office. I will update you
when I hear back. No action needed on your side for now.

[[b6c:Firstname]]""", date_fmt="long", header="date"),
    Email("status-re", KEVIN, [DEA1], dt(2018, 7, 11, 10, 2), "RE: Status of POC",
          """Thanks for the update. We will hold the engineers' time through the end of August.

Kevin""", same_page=True, quotes="status", quote_style="wrote"),
    Email("regulation", LAURA, [ELLISON], dt(2018, 8, 1, 8, 5), "Microsoft position on facial recognition",
          f"""Mr. Ellison,

You may have seen last month's public statement from our president calling for thoughtful
government regulation of facial recognition technology and for industry responsibility measures.
I wanted you to hear directly from us what it means for customers like DEA.

We continue to offer the Face API and to support law enforcement customers. We are also
developing principles for our own sales: transparency about capabilities and limits, human
review of consequential decisions, and attention to the risk of bias.

We would welcome your perspective as a law enforcement leader and would be glad to arrange a
conversation with our policy team.

{SIG_LAURA}""", cc=[KEVIN]),
    Email("regulation-re", ELLISON, [LAURA], dt(2018, 8, 15, 15, 10), "RE: Microsoft position on facial recognition",
          f"""Ms. Brennan,

Thank you for reaching out. We are following the public discussion closely. Any use of face
recognition by DEA would be governed by our own policies and subject to legal review.

[[b5#3]]

I would be glad to have my staff join a conversation with your policy team in September.

{SIG_ELLISON}""", quotes="regulation", cc=[KEVIN, DEA1]),
]

# ------------------------------------------------------------------ part 3 (mixed): Sep - Dec 2018
P3 = [
    Email("fy19", KEVIN, [DEA1, DEA2], dt(2018, 9, 5, 11, 0), "FY19 planning",
          f"""[[b6c:Firstname]],

With the fiscal year closing, I wanted to check where the proof of concept stands and whether it
is part of your FY19 plan. If it would help, we can reduce the scope to transcription and
translation only, which removes the dependency on the Face API.

{SIG_KEVIN}""", cc=[PRIYA]),
    Email("fy19-re", DEA2, [KEVIN], dt(2018, 9, 20, 14, 14), "RE: FY19 planning",
          f"""Kevin,

The reduced scope is more likely to move forward. Please send a revised proposal without the
face workload. [[b5:Our front office has concerns about the face recognition component given
the current public attention]].

{SIG_DEA}""", quotes="fy19", cc=[DEA1], scanned=True, noise={"From": "F rom:"}),
    Memo("U.S. Department of Justice - Drug Enforcement Administration",
         "[[b6c:Firstname Lastname]], Deputy Assistant Administrator",
         "Mark Ellison, Section Chief, Investigative Technology Section",
         "October 1, 2018",
         "Evaluation of commercial cloud AI services",
         """1. Purpose. This memorandum summarizes the Section's evaluation of commercial cloud
artificial intelligence services for transcription, translation and image analysis, and requests
guidance on next steps.

2. Background. Since September 2017 the Section has received briefings from several cloud
providers, including Microsoft, and attended a workshop in April 2018.

3. Discussion.

[[b5#9]]

4. Recommendation. [[b5:Proceed with a limited proof of concept for transcription and
translation; defer any face recognition evaluation pending policy review]].

5. Point of contact for this memorandum is [[b6c:Firstname Lastname]], [[b6c:(202) 307-0000]]."""),
    Withheld("b5"),
    Email("newservices", PRIYA, [DEA2], dt(2018, 10, 2, 9, 30), "Azure Government - new AI services availability",
          f"""Hi [[b6c:Firstname]],

Good news for the revised proof of concept: Speech to Text, Translator Text and Text Analytics
are now generally available in the USGov Virginia region. Face API remains in preview for
Azure Government.

The revised proposal will follow from Kevin this week.

{SIG_PRIYA}""", cc=[KEVIN], date_fmt="rfc", header="date"),
    Email("pause", DEA1, [KEVIN], dt(2018, 10, 16, 16, 5), "Pause on face recognition evaluation",
          f"""Kevin,

I wanted to let you know informally that we are pausing any evaluation of face recognition
services, including the optional phase of the proposal. [[b5:The decision follows internal
discussion of recent press coverage and of the GAO findings on the FBI's face recognition
program.]]

This does not affect the transcription and translation work.

{SIG_DEA}""", cc=[DEA2]),
    Email("pause-re", KEVIN, [DEA1], dt(2018, 10, 17, 8, 20), "RE: Pause on face recognition evaluation",
          f"""Thanks for letting me know, and understood. We will remove the face workload from the
revised proposal entirely.

{SIG_KEVIN}""", quotes="pause", cc=[PRIYA, LAURA], scanned=True),
    Email("scope", DANIEL, [DEA2], dt(2018, 11, 5, 10, 45), "Transcription and translation pilot scope",
          f"""[[b6c:Firstname]],

Below is the technical scope for the revised pilot.

In scope:
- Batch transcription of recorded audio uploaded to a storage account in your subscription.
- Custom Speech models for English and Spanish telephone audio.
- Machine translation of transcripts into English.
- Keyword search over transcripts using Azure Search.
- Sentiment and key phrases on transcripts, for triage only.

Out of scope:
- Face detection, verification or identification.
- Real-time or streaming audio.
- Integration with case management systems.

Timeline: environment in week 1, baseline models in weeks 2-3, custom models in weeks 4-8,
evaluation in weeks 9-12.

{SIG_DANIEL}""", cc=[PRIYA, KEVIN], scanned=True, quotes="newservices", false_split=True),
    Email("scope-re", DEA2, [DANIEL], dt(2018, 11, 8, 10, 5), "RE: Transcription and translation pilot scope",
          f"""Daniel,

Scope looks right. Two changes: add Portuguese to the translation languages, and make keyword
search optional; [[b7e:we may use our existing search tool for transcripts]]. Our ISSO also
asks for the list of Microsoft personnel who would have access to the pilot environment.

{SIG_DEA}""", quotes="scope", cc=[PRIYA, KEVIN, DEA1]),
    Email("requirements", KEVIN, [DEA1, DEA2], dt(2018, 11, 13, 15, 45), "Requirements gathering - AI services in MAG",
          f"""[[b6c:Firstname]],

As you asked, here is draft language for the requirements summary your office is preparing for
the acquisition file. Please edit freely; it is written from your point of view.

"{REQUIRED}"

"The initial services are speech to text for English and Spanish audio, text translation, and
text analytics. The environment will be accredited at FedRAMP High."

I have also attached the current Azure Government services list and the compliance summary.

{SIG_KEVIN}""", cc=[PRIYA, DANIEL], attachments=["Azure Government Services List Nov2018.pdf",
                                                  "Compliance Summary - AI Services.pdf"]),
    Email("gao", DEA2, [KEVIN], dt(2018, 11, 20, 13, 30), "GAO report",
          f"""Kevin,

Our leadership has been reading the GAO report on the FBI's use of face recognition, which
criticized the FBI for not assessing accuracy and privacy before deployment. Could Microsoft
share any documentation on how the Face API has been tested for accuracy, in case we revisit
this in the future? No urgency.

{SIG_DEA}""", cc=[DEA1], date_fmt="short24"),
    Email("gao-re", DANIEL, [DEA2], dt(2018, 11, 26, 12, 40), "RE: GAO report",
          f"""[[b6c:Firstname]],

Kevin forwarded your note. A few pointers, all public:

- The Face API documentation describes the recognition models, the meaning of the confidence
  score and recommended thresholds for verification and identification.
- Our transparency note for face recognition explains intended uses, limitations and the
  factors that affect accuracy: image quality, pose, lighting, occlusion, age and demographic
  differences in the data.
- The National Institute of Standards and Technology runs the Face Recognition Vendor Test;
  Microsoft submitted algorithms to the 2018 evaluation.

On the GAO findings: the report's main recommendations concerned testing the system's accuracy
before use, assessing the accuracy of external databases searched, and publishing privacy
assessments on time. Those are customer governance measures, and we would support DEA in any of
them if you decide to revisit face recognition.

{SIG_DANIEL}""", quotes="gao", cc=[KEVIN], quote_style="rule", scanned=True),
    Email("checkin", LAURA, [ELLISON], dt(2018, 11, 28, 9, 0), "Following up",
          f"""Mr. Ellison,

I wanted to follow up on our August exchange. We understand DEA has decided to focus on
transcription and translation for now, and we fully respect that decision. Our policy team is
still glad to meet with your staff.

{SIG_LAURA}""", cc=[KEVIN]),
    Email("decision", ELLISON, [LAURA], dt(2018, 12, 4, 17, 30), "RE: Following up",
          f"""Ms. Brennan,

Thank you. To confirm: DEA is not pursuing face recognition services at this time. We will
proceed with the transcription and translation pilot through the normal acquisition process.
[[b5:Any future consideration of face recognition would follow a privacy impact assessment and
review by the Office of Chief Counsel.]]

{SIG_ELLISON}""", quotes="checkin", cc=[KEVIN, DEA1, DEA2], false_split=True),
    Email("decision-re", KEVIN, [ELLISON, DEA1], dt(2018, 12, 5, 8, 10), "RE: Following up",
          f"""Mr. Ellison,

Understood, and thank you for the clarity. We will support the pilot through the acquisition
process and will not raise face recognition again unless your office asks.

{SIG_KEVIN}""", quotes="decision", cc=[LAURA, DEA2], quote_date_fmt="short24", scanned=True),
    Email("closeout", PRIYA, [DEA2], dt(2018, 12, 12, 11, 25), "Transcription pilot - closeout of 2018 activities",
          f"""Hi [[b6c:Firstname]],

To close out the year: the demonstration subscription has been deleted, along with the scripted
test recordings and models created during the workshop. We can provision a fresh environment
when the pilot is awarded.

Have a good holiday.

{SIG_PRIYA}""", cc=[KEVIN], scanned=True, quotes="subscription-re", quote_style="wrote"),
    Email("holiday", DEA2, [PRIYA], dt(2018, 12, 18, 15, 0), "RE: Transcription pilot - closeout of 2018 activities",
          """Thanks, Priya. Our office is closed December 24 through January 1. We will be in touch
about the pilot in January.

[[b6c:Firstname]]""", date_fmt="outlook"),
    Email("holiday-re", PRIYA_N, [DEA_V], dt(2018, 12, 19, 9, 3), "RE: Transcription pilot - closeout of 2018 activities",
          """Sounds good. Happy holidays!""", same_page=True, quotes="holiday", quote_style="rule"),
]

CONTEXT = """
# DEA and Microsoft: Azure Government AI services, 2017-2018

This release holds email between staff of the Drug Enforcement Administration and a Microsoft
account team, produced in response to a FOIA request and the lawsuit that followed. The messages
run from September 2017 to December 2018 and trace a sales relationship from a first
introduction, through briefings and a hands-on workshop, to the agency narrowing its plans.

Microsoft's pitch centred on its government cloud and on AI services hosted there. An early
overview of the Face API told the agency that "Accuracy depends heavily on image quality" and
recommended "always keeping a trained human reviewer in the loop for any identification." The
workshop held on April 3, 2018 covered transcription, translation, sentiment analysis of
transcribed calls and a face recognition demonstration.

By the autumn the tone changed. In October 2018 a DEA staff member wrote that the agency was
"pausing any evaluation of face recognition services". On November 13, 2018 a Microsoft account
executive sent draft requirements language that begins: "We are gathering requirements for AI
services that could be leveraged for transcription, language translation, face recognition, and
others." In December a DEA section chief confirmed that "DEA is not pursuing face recognition
services at this time."

Names and contact details of most DEA employees are redacted under exemptions (b)(6) and
(b)(7)(C); deliberative passages are withheld under (b)(5) and investigative techniques under
(b)(7)(E). Part of the production was released as scanned images without a text layer.

*This is a synthetic sample release generated for testing; all people and numbers are fictional.*
"""

RELEASE = Release(
    slug="dea-microsoft",
    title="DEA - Microsoft correspondence on Azure Government AI services (FOIA litigation, 2020)",
    agency="Drug Enforcement Administration",
    requester="American Civil Liberties Union",
    request_number="19-00412-F",
    released="2020-05-29",
    source_url="https://example.org/foia/dea-microsoft",
    bates_prefix="DEA-MSFT-",
    bates_digits=6,
    documents=[
        Document("dea-microsoft-part1.pdf", P1, scanned=False, custodian="Ellison, Mark"),
        Document("dea-microsoft-part2.pdf", P2, scanned=True, custodian="[[b6c:Firstname Lastname]]"),
        Document("dea-microsoft-part3.pdf", P3, scanned=False, custodian="Ellison, Mark"),
    ],
    context=CONTEXT,
    required_passages=[REQUIRED],
)
