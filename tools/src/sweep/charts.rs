//! The sweep report's charts, drawn with plotters as SVG text: lines of time against one axis's values, stacked
//! bars of time per tier and compile time per configuration, and a heat map over two axes.

use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt::Display;

/// A line: its name and a value per x position (`None`: no value there, e.g. a failed configuration).
pub struct Line {
    pub name: String,
    pub points: Vec<Option<f64>>,
}

/// A stacked bar: its label, the height of each segment, and a marker (the wall time) drawn across it.
pub struct Bar {
    pub label: String,
    pub segments: Vec<f64>,
    pub marker: Option<f64>,
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

const FONT: &str = "sans-serif";

fn failed(e: impl Display) -> String {
    format!("drawing a chart: {e}")
}

/// Draws into a new SVG document of the given size.
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), String>,
) -> Result<String, String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        draw(&root)?;
        root.present().map_err(failed)?;
    }
    Ok(text)
}

/// `n` categories: plotters' integer ranges hold both ends, and a segmented one adds a segment past the last.
fn categories(n: usize) -> SegmentedCoord<RangedCoordusize> {
    (0..n.max(1) - 1).into_segmented()
}

/// The far edge of category `i` of `n`.
fn edge(i: usize, n: usize) -> SegmentValue<usize> {
    if i + 1 < n { SegmentValue::Exact(i + 1) } else { SegmentValue::Last }
}

fn top(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0f64, f64::max).max(1e-3) * 1.1
}

/// Lines over categorical x values (one per value of an axis), y from zero.
pub fn lines(title: &str, x_desc: &str, xs: &[String], y_desc: &str, lines: &[Line]) -> Result<String, String> {
    let y_max = top(lines.iter().flat_map(|l| l.points.iter().flatten().copied()));
    svg((720, 420), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(categories(xs.len()), 0.0..y_max)
            .map_err(failed)?;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => xs.get(*i).cloned().unwrap_or_default(),
            SegmentValue::Last => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(xs.len())
            .x_label_formatter(&label)
            .x_desc(x_desc)
            .y_desc(y_desc)
            .draw()
            .map_err(failed)?;
        for (i, line) in lines.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let points = line.points.iter().enumerate().filter_map(|(x, y)| Some((SegmentValue::CenterOf(x), (*y)?)));
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)).point_size(4))
                .map_err(failed)?
                .label(line.name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(failed)
    })
}

/// A chart of horizontal rows over ms, the first row at the top: `labels` name the rows, `draw` fills them (row `i`
/// is drawn at category `n - 1 - i`), and a legend names what `draw` labelled.
fn rows(
    title: &str,
    x_desc: &str,
    x_max: f64,
    labels: &[String],
    draw: impl FnOnce(&mut RowChart, &dyn Fn(usize) -> usize) -> Result<(), String>,
) -> Result<String, String> {
    let n = labels.len();
    let label_room = 16 + 7 * labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
    let row = move |i: usize| n - 1 - i;
    svg((720 + label_room, 130 + 22 * n as u32), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(label_room)
            .build_cartesian_2d(0.0..x_max, categories(n))
            .map_err(failed)?;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) if *i < n => labels[row(*i)].clone(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&label)
            .x_desc(x_desc)
            .draw()
            .map_err(failed)?;
        draw(&mut chart, &row)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(failed)
    })
}

type RowChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordusize>>>;

/// Horizontal stacked bars, one per configuration from the top down, with a legend naming the segments and the
/// marker.
pub fn stacked_bars(title: &str, segments: &[String], marker: &str, bars: &[Bar]) -> Result<String, String> {
    // Room on the right for the legend.
    let x_max = top(bars.iter().map(|b| b.segments.iter().sum::<f64>().max(b.marker.unwrap_or(0.0)))) * 1.4;
    let n = bars.len();
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    rows(title, "ms (median of the OK runs)", x_max, &labels, |chart, row| {
        for (s, name) in segments.iter().enumerate() {
            let color = PALETTE[s % PALETTE.len()];
            let rects = bars.iter().enumerate().map(|(i, b)| {
                let base: f64 = b.segments[..s].iter().sum();
                let corners = [(base, SegmentValue::Exact(row(i))), (base + b.segments[s], edge(row(i), n))];
                let mut r = Rectangle::new(corners, color.filled());
                r.set_margin(2, 2, 0, 0);
                r
            });
            chart
                .draw_series(rects)
                .map_err(failed)?
                .label(name.as_str())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
        }
        let marks = bars.iter().enumerate().filter_map(|(i, b)| {
            let x = b.marker?;
            Some(PathElement::new(vec![(x, SegmentValue::Exact(row(i))), (x, edge(row(i), n))], BLACK.stroke_width(3)))
        });
        chart
            .draw_series(marks)
            .map_err(failed)?
            .label(marker)
            .legend(|(x, y)| PathElement::new(vec![(x + 6, y - 6), (x + 6, y + 6)], BLACK.stroke_width(3)));
        Ok(())
    })
}

/// One function's row of a timeline: the tier it ran in from each change to the next (the last one to the end of
/// the run), as (start ms, end ms, index into the tier names).
pub struct Track {
    pub function: String,
    pub spans: Vec<(f64, f64, usize)>,
}

/// A run's timeline: one row per function from the top down, a bar per tier it was in, coloured by tier.
pub fn timeline(title: &str, tiers: &[String], end_ms: f64, tracks: &[Track]) -> Result<String, String> {
    let n = tracks.len();
    let labels: Vec<String> = tracks.iter().map(|t| t.function.chars().take(60).collect()).collect();
    rows(title, "ms from the start of the run", end_ms.max(1e-3) * 1.25, &labels, |chart, row| {
        for (k, name) in tiers.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let rects = tracks.iter().enumerate().flat_map(|(i, t)| {
                t.spans.iter().filter(move |s| s.2 == k).map(move |&(from, to, _)| {
                    let corners = [(from, SegmentValue::Exact(row(i))), (to, edge(row(i), n))];
                    let mut r = Rectangle::new(corners, color.filled());
                    r.set_margin(3, 3, 0, 0);
                    r
                })
            });
            chart
                .draw_series(rects)
                .map_err(failed)?
                .label(name.as_str())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
        }
        Ok(())
    })
}

/// Green (the lowest value) through yellow to red (the highest).
fn heat(v: f64, lo: f64, hi: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 3] = [(99.0, 190.0, 123.0), (255.0, 235.0, 132.0), (248.0, 105.0, 107.0)];
    let t = if hi > lo { ((v - lo) / (hi - lo)).clamp(0.0, 1.0) * 2.0 } else { 0.0 };
    let (a, b, t) = if t <= 1.0 { (STOPS[0], STOPS[1], t) } else { (STOPS[1], STOPS[2], t - 1.0) };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// A heat map: `cells[y][x]` over two axes, each cell coloured and labelled with its value.
pub fn heat_map(
    title: &str,
    x: (&str, &[String]),
    y: (&str, &[String]),
    cells: &[Vec<Option<f64>>],
) -> Result<String, String> {
    let values: Vec<f64> = cells.iter().flatten().flatten().copied().collect();
    let lo = values.iter().copied().fold(f64::MAX, f64::min);
    let hi = values.iter().copied().fold(f64::MIN, f64::max);
    svg((120 + 90 * x.1.len() as u32, 120 + 50 * y.1.len() as u32), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 16))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(categories(x.1.len()), categories(y.1.len()))
            .map_err(failed)?;
        let name = |names: &[String], v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => names.get(*i).cloned().unwrap_or_default(),
            SegmentValue::Last => String::new(),
        };
        let (x_label, y_label) = (|v: &SegmentValue<usize>| name(x.1, v), |v: &SegmentValue<usize>| name(y.1, v));
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(x.1.len())
            .y_labels(y.1.len())
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .x_desc(x.0)
            .y_desc(y.0)
            .draw()
            .map_err(failed)?;
        let (nx, ny) = (x.1.len(), y.1.len());
        for (j, row) in cells.iter().enumerate() {
            for (i, v) in row.iter().enumerate() {
                let color = v.map_or(RGBColor(200, 200, 200), |v| heat(v, lo, hi));
                let corners = [(SegmentValue::Exact(i), SegmentValue::Exact(j)), (edge(i, nx), edge(j, ny))];
                chart.draw_series([Rectangle::new(corners, color.filled())]).map_err(failed)?;
                let text = v.map_or("FAIL".to_string(), |v| format!("{v:.1}"));
                let style = (FONT, 14).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Center));
                chart
                    .draw_series([Text::new(text, (SegmentValue::CenterOf(i), SegmentValue::CenterOf(j)), style)])
                    .map_err(failed)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_documents_naming_their_series() {
        let xs: Vec<String> = ["1K", "4K"].map(String::from).to_vec();
        let svg = lines(
            "t",
            "budget",
            &xs,
            "ms",
            &[
                Line { name: "mid-after=2".into(), points: vec![Some(1.0), None] },
                Line { name: "mid-after=8".into(), points: vec![Some(2.0), Some(3.0)] },
            ],
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("mid-after=2") && svg.contains("mid-after=8") && svg.contains("4K"));
        let bars = [Bar { label: "a".into(), segments: vec![1.0, 2.0], marker: Some(3.5) }];
        let svg = stacked_bars("t", &["interp run".into(), "compile".into()], "wall", &bars).unwrap();
        assert!(svg.contains("interp run") && svg.contains("compile") && svg.contains("wall"));
        let svg = heat_map("t", ("x", &xs), ("y", &xs), &[vec![Some(1.0), None], vec![Some(2.0), Some(4.0)]]).unwrap();
        assert!(svg.contains("FAIL") && svg.contains("4.0"));
        assert_eq!(heat(1.0, 1.0, 4.0), RGBColor(99, 190, 123));
    }
}
