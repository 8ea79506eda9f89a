//! Insights as the bot says them: a few kind lines, with the mood sparkline
//! in the text and the chart attached as a PNG when there are moods to draw.

use super::Insights;
use super::chart::{self, ChartWords};
use super::sparkline::sparkline;
use crate::core::content::messages::InsightsMessages;
use crate::core::outbound::{Attachment, Outbound};
use chrono_tz::Tz;

pub fn reply(m: &InsightsMessages, insights: &Insights, zone: Tz) -> Outbound {
    let days = insights.days.to_string();
    if insights.is_empty() {
        return Outbound::say(m.empty.fill(&[("days", &days)]));
    }
    let mut lines = vec![m.heading.fill(&[("days", &days)])];
    let moods: Vec<u8> = insights.moods.iter().map(|&(_, mood)| mood).collect();
    if !moods.is_empty() {
        lines.push(m.moods.fill(&[("sparkline", &sparkline(&moods))]));
    }
    if !insights.top_feelings.is_empty() {
        let feelings: Vec<String> = insights
            .top_feelings
            .iter()
            .map(|(name, count)| {
                m.feeling
                    .fill(&[("name", name), ("count", &count.to_string())])
            })
            .collect();
        lines.push(m.feelings.fill(&[("feelings", &feelings.join(", "))]));
    }
    let count = |n: usize| n.to_string();
    if insights.thought_records > 0 {
        lines.push(
            m.thought_records
                .fill(&[("count", &count(insights.thought_records))]),
        );
        match insights.average_easing {
            Some(points) if points >= 1.0 => {
                lines.push(m.eased.fill(&[("points", &format!("{points:.0}"))]))
            }
            Some(_) => lines.push(m.held.to_string()),
            None => {}
        }
    }
    if insights.reflections > 0 {
        lines.push(
            m.reflections
                .fill(&[("count", &count(insights.reflections))]),
        );
    }
    if insights.self_checks > 0 {
        lines.push(
            m.self_checks
                .fill(&[("count", &count(insights.self_checks))]),
        );
    }
    lines.push(m.closing.to_string());
    let said = Outbound::say(lines.join("\n"));
    if moods.is_empty() {
        return said;
    }
    let words = ChartWords {
        title: m.chart_title.fill(&[("days", &days)]),
        mood_axis: m.chart_axis.to_string(),
    };
    match chart::render(insights, zone, &words) {
        Ok(png) => said.with_attachment(Attachment {
            file_name: format!("securebase-mood-{days}-days.png"),
            media_type: chart::MEDIA_TYPE.to_string(),
            bytes: png,
        }),
        Err(error) => {
            tracing::error!(%error, "insights are shown without their chart");
            said
        }
    }
}
