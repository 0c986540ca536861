//! The project's own documents (the methodology page) as HTML, through
//! pulldown-cmark (CommonMark with tables). Raw HTML in a document renders
//! as text, headings get anchors, and links to other files of the
//! repository (relative paths) render as their text: they do not exist on
//! the site.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Converts `md` to HTML.
pub fn to_html(md: &str) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(md, Options::ENABLE_TABLES).collect();
    let mut out_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // Whether each open link is kept.
    let mut links: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        match event {
            // Comments (the markers around generated tables) are invisible
            // in Markdown, so here too; other raw HTML shows as text.
            Event::Html(text) | Event::InlineHtml(text) if is_comment(&text) => {}
            Event::Html(text) | Event::InlineHtml(text) => out_events.push(Event::Text(text)),
            Event::Start(Tag::Table(_)) => {
                out_events.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
                out_events.push(event);
            }
            Event::End(TagEnd::Table) => {
                out_events.push(event);
                out_events.push(Event::Html(CowStr::from("</div>")));
            }
            Event::Start(Tag::Heading { level, id: None, classes, attrs }) => {
                let mut text = String::new();
                for e in &events[i + 1..] {
                    match e {
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        Event::End(TagEnd::Heading(_)) => break,
                        _ => {}
                    }
                }
                let id = Some(CowStr::from(anchor(&text)));
                out_events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let keep = is_site_link(dest_url);
                links.push(keep);
                if keep {
                    out_events.push(event);
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(true) {
                    out_events.push(event);
                }
            }
            other => out_events.push(other),
        }
        i += 1;
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, out_events.into_iter());
    out
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Absolute paths on the site, anchors and web addresses; not paths
/// relative to a document of the repository.
fn is_site_link(dest: &str) -> bool {
    dest.starts_with('/') || dest.starts_with('#') || dest.starts_with("https://") || dest.starts_with("http://")
}

/// `id` of a heading: its slug.
pub fn anchor(text: &str) -> String {
    paygrid_domain::slug::slugify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_inlines() {
        let md = "# Title\n\nSome *stress* and **bold** with `a<b>` code,\na [site link](/sources) and a [repo link](x.md).\n\n\
                  - one\n  continued\n- two\n\n| a | b |\n|---|---|\n| 1 | <2> |\n\n```\nfn x() {}\n```\n";
        let html = to_html(md);
        assert!(html.contains("<h1 id=\"title\">Title</h1>"), "{html}");
        assert!(html.contains("Some <em>stress</em> and <strong>bold</strong> with <code>a&lt;b&gt;</code> code,"), "{html}");
        assert!(html.contains("a <a href=\"/sources\">site link</a> and a repo link.</p>"), "{html}");
        assert!(html.contains("<li>one\ncontinued</li>\n<li>two</li>\n</ul>"), "{html}");
        assert!(html.contains("<th>a</th><th>b</th>"), "{html}");
        assert!(html.contains("<td>&lt;2&gt;</td>"), "{html}");
        assert!(html.contains("<pre><code>fn x() {}\n</code></pre>"), "{html}");
    }

    #[test]
    fn comment_lines_are_not_shown() {
        let html = to_html("<!-- marker:begin -->\n| a |\n|---|\n| 1 |\n<!-- marker:end -->\ntext <!-- not a line of its own\n");
        assert!(!html.contains("marker"), "{html}");
        assert!(html.contains("<td>1</td>") && html.contains("text &lt;!-- not a line of its own"), "{html}");
    }

    #[test]
    fn raw_html_is_text() {
        let html = to_html("<script>alert(1)</script>\n\n1. first\n2. x * y\n\nInline <b>bold</b>.");
        assert!(!html.contains("<script>") && !html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<ol>\n<li>first</li>\n<li>x * y</li>\n</ol>"), "{html}");
    }

    #[test]
    fn comments_vanish_and_tables_scroll() {
        let html = to_html("<!-- generated: start -->\n\n| a |\n|---|\n| 1 |\n\n<!-- generated: end -->\n");
        assert!(!html.contains("generated"), "{html}");
        assert!(html.contains("<div class=\"table-wrap\"><table>"), "{html}");
    }

    /// The methodology's "Residual risks" are a list inside a list item.
    #[test]
    fn nested_lists_stay_nested() {
        let html = to_html("- **Residual risks.**\n  - *Homogeneous classes.* One.\n  - *Outside knowledge.* Two.\n- Next.\n");
        assert!(
            html.contains("<li><strong>Residual risks.</strong>\n<ul>\n<li><em>Homogeneous classes.</em> One.</li>"),
            "{html}"
        );
        assert!(html.contains("<li><em>Outside knowledge.</em> Two.</li>\n</ul>\n</li>\n<li>Next.</li>"), "{html}");
    }
}
