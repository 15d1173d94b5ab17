"""Words the machinery writes on pages, in each language the site is built in."""

from __future__ import annotations

LABELS = {
    "en": {
        "references": "References",
        "on_the_timeline": "On the timeline",
        "in_the_full_list": "In the full list",
        "save": "Save",
        "appears_in": "Appears in",
        "people": "People",
        "discussed_in": "Discussed in",
        "islands_table": "The four island groups",
        "island_group": "Island group", "japanese": "Japanese", "russian": "Russian", "area": "Area",
        "approximate_center": "Approximate center", "joint_declaration": "1956 Joint Declaration",
        "article_9_yes": "Article 9: to be handed over after a peace treaty",
        "article_9_no": "Claimed by Japan; not in Article 9",
        "map_title": "Map of the islands northeast of Hokkaidō",
        "map_description": ("Outline map of eastern Hokkaidō and the island groups {names}, drawn to scale (a bar "
                            "shows {km} km). Habomai and Shikotan, filled, are the two groups Article 9 of the 1956 "
                            "Joint Declaration covers; Kunashiri and Etorofu, hatched, are the further groups in "
                            "Japan's four-island claim. The table below the map gives the same information."),
        "legend_article_9": "Habomai and Shikotan: to be handed over after a peace treaty (Article 9, 1956)",
        "legend_claimed": "Kunashiri and Etorofu: also claimed by Japan (the four-island position)",
        "legend_land": "Hokkaidō",
        # {source} is the data's English name, marked as English on every page.
        "map_source": ("Coastlines: {source}, 1:10 million (public domain). At this scale {source} shows "
                       "four Habomai islets; smaller ones, Kaigara among them, are not drawn."),
        "contents": "Contents",
        "print_edition": "Print edition",
        "cite_as": "Cite as",
        "coordinates": "{latitude}° N, {longitude}° E",
        # Cite this page (overrides/partials/cite-this-page.html)
        "cite_this_page": "Cite this page",
        "search": "Search",
        "permalink": "Permanent link",
        # {date}, {print} and {pdf} stand for the date and the two links.
        "updated": "Last updated {date}.",
        "whole_site": "Whole site for print or offline reading: {print} ({pdf}).",
        "print_edition_link": "print edition",
        "page_formats": "Chicago, BibTeX and RIS for this page",
        "chicago": "Chicago (author-date)",
        "cite_the_research": "Cite the research this page is about",
        "cite_the_work": "To cite the research itself, cite the work rather than this site:",
        # Punctuation around what the machinery writes
        "comma": ", ", "colon": ": ", "period": ".", "open_paren": " (", "close_paren": ")", "sentence_gap": " ",
        "range": " – ",  # between the first and last date of a span
        "in_default_language": "",  # after the title of a page an edition leaves untranslated
        "not_found": "Page not found",
        "not_found_text": "There is no page at this address. Start again from {home}.",
        "not_found_home": "the home page",
    },
    "ja": {
        "references": "参考文献",
        "on_the_timeline": "年表の関連項目",
        "in_the_full_list": "文献一覧で見る",
        "save": "保存",
        "appears_in": "登場するページ",
        "people": "人物",
        "discussed_in": "関連ページ",
        "islands_table": "四つの島群",
        "island_group": "島", "japanese": "日本語名", "russian": "ロシア語名", "area": "面積",
        "approximate_center": "おおよその中心位置", "joint_declaration": "1956年の日ソ共同宣言",
        "article_9_yes": "第9項：平和条約締結後に引き渡し",
        "article_9_no": "日本が返還を求める。第9項の対象外",
        "map_title": "北海道北東の島々の地図",
        "map_description": ("北海道東部と{names}の輪郭を縮尺どおりに描いた地図（目盛りは{km} km）。塗りつぶした歯舞群島と"
                            "色丹島は1956年の日ソ共同宣言第9項の対象となる島々、斜線の国後島と択捉島は日本の四島返還の"
                            "主張に含まれる残りの島々である。地図の下の表に同じ情報を示す。"),
        "legend_article_9": "歯舞群島と色丹島：平和条約締結後に引き渡し（1956年、第9項）",
        "legend_claimed": "国後島と択捉島：日本が同じく返還を求める島々（四島返還の立場）",
        "legend_land": "北海道",
        "map_source": ("海岸線：{source}、1:1000万（パブリックドメイン）。この縮尺の{source}が描く歯舞群島の"
                       "島は四つで、貝殻島などそれより小さな島は描かれていない。"),
        "contents": "目次",
        "print_edition": "印刷版",
        "cite_as": "引用表記",
        "coordinates": "北緯{latitude}°、東経{longitude}°",
        "cite_this_page": "このページの引用",
        "search": "検索",
        "permalink": "パーマリンク",
        "updated": "最終更新：{date}。",
        "whole_site": "サイト全体を印刷やオフラインで読むには：{print}（{pdf}）。",
        "print_edition_link": "印刷版",
        "page_formats": "このページのシカゴ方式・BibTeX・RIS",
        "chicago": "シカゴ方式（著者・年）",
        "cite_the_research": "このページが扱う研究の引用",
        "cite_the_work": "研究そのものを引用するには、本サイトではなく次の文献を引用する。",
        "comma": "、", "colon": "：", "period": "。", "open_paren": "（", "close_paren": "）", "sentence_gap": "",
        "range": "〜",
        "in_default_language": "（英語）",
        "not_found": "ページが見つかりません",
        "not_found_text": "このアドレスにはページがありません。{home}から探してください。",
        "not_found_home": "ホーム",
    },
}
