//! The mood chart: check-in moods over the window, drawn with plotters into
//! an in-memory bitmap and encoded as PNG. Its font, DejaVu Sans, is built
//! into the binary (`assets/`), so it renders the same on a machine with no
//! fonts installed.

use super::Insights;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// What the chart file is.
pub const MEDIA_TYPE: &str = "image/png";

/// The chart's size in pixels.
pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 400;

const FONT: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
const FONT_NAME: &str = "sans-serif";
const LINE: RGBColor = RGBColor(61, 110, 160);

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("the mood chart could not be drawn: {0}")]
pub struct ChartError(String);

fn failed(error: impl std::fmt::Display) -> ChartError {
    ChartError(error.to_string())
}

/// The words on the chart, from the content.
pub struct ChartWords {
    pub title: String,
    pub mood_axis: String,
}

/// The moods of `insights` as a PNG, with dates in `zone`.
pub fn render(insights: &Insights, zone: Tz, words: &ChartWords) -> Result<Vec<u8>, ChartError> {
    static FONT_READY: OnceLock<bool> = OnceLock::new();
    if !*FONT_READY.get_or_init(|| register_font(FONT_NAME, FontStyle::Normal, FONT).is_ok()) {
        return Err(ChartError("the built-in font could not be read".into()));
    }
    let days = |at: DateTime<Utc>| (at - insights.from).num_minutes() as f64 / (24.0 * 60.0);
    let span = f64::from(insights.days);
    let points: Vec<(f64, f64)> = insights
        .moods
        .iter()
        .map(|&(at, mood)| (days(at), f64::from(mood)))
        .collect();
    let date = |x: &f64| {
        (insights.from + Duration::minutes((x * 24.0 * 60.0) as i64))
            .with_timezone(&zone)
            .format("%-d %b")
            .to_string()
    };
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(20)
            .margin_right(44)
            .caption(&words.title, (FONT_NAME, 24))
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..span, 0.5..5.5)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&date)
            .y_labels(5)
            .y_label_formatter(&|mood| format!("{mood:.0}"))
            .y_desc(&words.mood_axis)
            .label_style((FONT_NAME, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                LINE.stroke_width(3),
            ))
            .map_err(failed)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&point| Circle::new(point, 5, LINE.filled())),
            )
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    encode_png(&pixels)
}

fn encode_png(pixels: &[u8]) -> Result<Vec<u8>, ChartError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(pixels).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(bytes)
}
