"""The sources of the dates a town's description states. A town's `source` is then
"position: <where its point comes from>; dates: <these>", so the details panel and Cite… name
them beside the position (tests/dataset.rs checks that every feature stating a year cites more
than a position). They are the sources of the events and areas of control of the same days
(events.py, control.py), re-checked in December 2026. The seed names none of these towns, so
none of them links a passage of it."""

DATES = {
    "stepanakert": "Wikipedia 'Law on Abolishment of Nagorno-Karabakh Autonomous Oblast'; vesti.az/news/272841",
    "shusha": "Wikipedia 'Battle of Shusha (1992)'; rt.com/russia/506078; azatutyun.am/amp/30938629",
    "lachin": "westernarmeniatv.com/en/66102; qarabag.com; jam-news.net; commonspace.eu; dailysabah.com (26 August 2022); azernews.az/nation/198529",
    "goris": "ktvz.com (AP, 24 September 2023); azatutyun.am/a/32607151",
    "kornidzor": "news.am/eng/news/755850; asbarez.com (30 March 2023); ktvz.com (AP, 24 September 2023); azatutyun.am/a/32607151",
    "tegh": "armenpress.am/eng/news/1091062; news.am/eng/news/752212; news.am/eng/news/755850",
    "martakert": "Wikipedia 'Operation Goranboy' (mirror); memim.com; armenianhistory.info; AFP via hina.hr (29 June 1993)",
    "hadrut": "top-center.org; armenpress.am/eng/news/1031038; Wikipedia 'Hadrut Province'",
    "kalbajar": "Wikipedia 'Battle of Kalbajar'; AP (1 April 1993); NYT (6 April 1993); jam-news.net; armedia.am/eng/news/89831",
    "agdam": "Wikipedia 'Battle of Aghdam'; trend.az/azerbaijan/karabakh/3094304; aljazeera.com (20 November 2020); en.armradio.am (18 November 2020)",
    "khojaly": "Human Rights Watch, 'Bloodshed in the Caucasus' (1992) and December 1994; Memorial (1992); Azerbaijan's foreign ministry",
    "fuzuli": "NYT (23 August 1993); the Independent (August 1993); dailysabah.com (17 October 2020); trend.az/azerbaijan/politics/3318694",
    "jabrayil": "NYT (23 August 1993); the Independent (August 1993); azertag.az (4 October 2020); caucasianknot.info/articles/52520",
    "zangilan": "report.az (2019-10-29); the Independent (28 October 1993); anews.com.tr (20 October 2020); caucasianknot.info/articles/52520",
    "kubatly": "today.az/news/politics/185851; NYT (5 September 1993); interfax.ru/734291; azernews.az/nation/171411",
    "aghavno": "dailysabah.com (26 August 2022); azernews.az/nation/198529",
    "sus": "dailysabah.com (26 August 2022); azernews.az/nation/198529",
    "mets-shen": "news.am/eng/news/752910 (3 April 2023); ktvz.com (AP, 24 September 2023); azatutyun.am/a/32607151",
    "karin-tak": "Wikipedia 'Dashalty'; azernews.az/karabakh/172374; westernarmeniatv.com; azernews.az/nation/174744; en.trend.az/business/3336537",
    "madaghis": "memim.com; realkarabakh.com/en/1994; report.az; armenpress.am/eng/news/1030292",
    "talish": "report.az; yerepouni-news.com (13 October 2020)",
    "hin-tagher": "news.am/eng/news/618672; azatutyun.am/a/31004105",
    "berkadzor": "Wikipedia 'Berkadzor' (its founding); Wikipedia 'Berkadzor fuel depot explosion'; armenpress.am/eng/news/1120489",
    "lisagor": "factor.am (Armenpress, 1 March 2021); news.am/eng/news/752910 (3 April 2023)",
}



def source(position, tid):
    """A town's source: its position and, where its description states dates, their sources."""
    dates = DATES.get(tid)
    return f"position: {position}; dates: {dates}" if dates else position
