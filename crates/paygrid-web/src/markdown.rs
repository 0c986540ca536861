//! A small Markdown-to-HTML converter for the project's own documents
//! (the methodology page): headings, paragraphs, lists, pipe tables, fenced
//! code, and inline code, bold, emphasis and links; comment lines are dropped. Everything is escaped
//! first, so even a document with stray HTML renders as text.

use paygrid_report::escape_html;
use std::fmt::Write;

/// Converts `md` to HTML. Links to other Markdown files of the repository
/// (relative paths) render as plain text: they do not exist on the site.
pub fn to_html(md: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let mut ordered = false;
    let mut table: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;

    fn flush_para(out: &mut String, para: &mut Vec<&str>) {
        if !para.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", inline(&para.join(" "))));
            para.clear();
        }
    }
    fn flush_list(out: &mut String, items: &mut Vec<String>, ordered: bool) {
        if !items.is_empty() {
            let tag = if ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>\n"));
            for it in items.drain(..) {
                out.push_str(&format!("<li>{}</li>\n", inline(&it)));
            }
            out.push_str(&format!("</{tag}>\n"));
        }
    }
    fn flush_table(out: &mut String, rows: &mut Vec<&str>) {
        if rows.is_empty() {
            return;
        }
        let cells = |r: &str| -> Vec<String> { r.trim().trim_matches('|').split('|').map(|c| inline(c.trim())).collect() };
        let is_rule = |r: &str| r.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        out.push_str("<div class=\"table-wrap\"><table>\n");
        let mut body_started = false;
        for (i, r) in rows.iter().enumerate() {
            if is_rule(r) {
                continue;
            }
            let header = i == 0 && rows.get(1).is_some_and(|n| is_rule(n));
            if header {
                out.push_str("<thead><tr>");
                for c in cells(r) {
                    out.push_str(&format!("<th>{c}</th>"));
                }
                out.push_str("</tr></thead>\n");
            } else {
                if !body_started {
                    out.push_str("<tbody>\n");
                    body_started = true;
                }
                out.push_str("<tr>");
                for c in cells(r) {
                    out.push_str(&format!("<td>{c}</td>"));
                }
                out.push_str("</tr>\n");
            }
        }
        if body_started {
            out.push_str("</tbody>\n");
        }
        out.push_str("</table></div>\n");
        rows.clear();
    }

    for line in md.lines() {
        if let Some(block) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push_str(&format!("<pre><code>{}</code></pre>\n", escape_html(&block.join("\n"))));
                code = None;
            } else {
                block.push(line);
            }
            continue;
        }
        let t = line.trim();
        let list_item = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).map(|rest| (rest, false)).or_else(|| {
            t.split_once(". ").filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).map(|(_, r)| (r, true))
        });
        if t.starts_with("<!--") && t.ends_with("-->") {
            // A comment line (e.g. the markers around generated tables) is
            // invisible in Markdown, so it is here too.
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut items, ordered);
            flush_table(&mut out, &mut table);
        } else if t.starts_with("```") {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut items, ordered);
            flush_table(&mut out, &mut table);
            code = Some(Vec::new());
        } else if t.is_empty() {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut items, ordered);
            flush_table(&mut out, &mut table);
        } else if let Some(level) = heading_level(t) {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut items, ordered);
            flush_table(&mut out, &mut table);
            let text = t[level..].trim();
            out.push_str(&format!("<h{level} id=\"{}\">{}</h{level}>\n", anchor(text), inline(text)));
        } else if t.starts_with('|') {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut items, ordered);
            table.push(t);
        } else if let Some((rest, is_ordered)) = list_item.filter(|_| line.len() - line.trim_start().len() < 2) {
            flush_para(&mut out, &mut para);
            flush_table(&mut out, &mut table);
            if !items.is_empty() && is_ordered != ordered {
                flush_list(&mut out, &mut items, ordered);
            }
            ordered = is_ordered;
            items.push(rest.to_string());
        } else if let Some(last) = items.last_mut() {
            // A continuation line of the current list item.
            last.push(' ');
            last.push_str(t);
        } else {
            flush_table(&mut out, &mut table);
            para.push(t);
        }
    }
    if let Some(block) = code {
        out.push_str(&format!("<pre><code>{}</code></pre>\n", escape_html(&block.join("\n"))));
    }
    flush_para(&mut out, &mut para);
    flush_list(&mut out, &mut items, ordered);
    flush_table(&mut out, &mut table);
    out
}

fn heading_level(t: &str) -> Option<usize> {
    let n = t.chars().take_while(|&c| c == '#').count();
    ((1..=6).contains(&n) && t[n..].starts_with(' ')).then_some(n)
}

/// `id` of a heading: lowercase words joined by `-`.
pub fn anchor(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Inline markup of one block: code spans are taken first (their content
/// is literal), then links, bold and emphasis in the escaped text.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape_html(part)));
        } else {
            out.push_str(&emphasis(&links(part)));
        }
    }
    out
}

/// `[text](url)`: a link for absolute and site paths, the text alone otherwise.
fn links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| open + m) else { break };
        let Some(close) = rest[mid..].find(')').map(|c| mid + c) else { break };
        let (label, url) = (&rest[open + 1..mid], &rest[mid + 2..close]);
        out.push_str(&escape_html(&rest[..open]));
        if url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/') {
            out.push_str(&format!("<a href=\"{}\">{}</a>", escape_html(url), escape_html(label)));
        } else {
            out.push_str(&escape_html(label));
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&escape_html(rest));
    out
}

/// `**bold**` and `*emphasis*` on already escaped text (`*` is not escaped).
fn emphasis(escaped: &str) -> String {
    let mut s = pairs(escaped, "**", "strong");
    s = pairs(&s, "*", "em");
    s
}

fn pairs(text: &str, mark: &str, tag: &str) -> String {
    let parts: Vec<&str> = text.split(mark).collect();
    if parts.len() < 3 {
        return text.to_string();
    }
    let mut out = String::new();
    let closed = if parts.len() % 2 == 1 { parts.len() } else { parts.len() - 1 };
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            if i >= closed {
                out.push_str(mark);
            } else if i % 2 == 1 {
                let _ = write!(out, "<{tag}>");
            } else {
                let _ = write!(out, "</{tag}>");
            }
        }
        out.push_str(p);
    }
    out
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
        assert!(html.contains("<p>Some <em>stress</em> and <strong>bold</strong> with <code>a&lt;b&gt;</code> code, a <a href=\"/sources\">site link</a> and a repo link.</p>"), "{html}");
        assert!(html.contains("<ul>\n<li>one continued</li>\n<li>two</li>\n</ul>"), "{html}");
        assert!(html.contains("<thead><tr><th>a</th><th>b</th></tr></thead>"), "{html}");
        assert!(html.contains("<td>&lt;2&gt;</td>"), "{html}");
        assert!(html.contains("<pre><code>fn x() {}</code></pre>"), "{html}");
    }

    #[test]
    fn comment_lines_are_not_shown() {
        let html = to_html("<!-- marker:begin -->\n| a |\n|---|\n| 1 |\n<!-- marker:end -->\ntext <!-- not a line of its own\n");
        assert!(!html.contains("marker"), "{html}");
        assert!(html.contains("<td>1</td>") && html.contains("text &lt;!-- not a line of its own"), "{html}");
    }

    #[test]
    fn raw_html_is_text() {
        let html = to_html("<script>alert(1)</script>\n\n1. first\n2. x * y");
        assert!(!html.contains("<script>"));
        assert!(html.contains("<ol>\n<li>first</li>\n<li>x * y</li>\n</ol>"), "{html}");
    }
}
