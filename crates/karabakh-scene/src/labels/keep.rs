//! What a placement keeps of the one before it, when a slide's boxes make labels be placed
//! again: the names it must still give (out on a leader line, or as a numbered badge, where no
//! place beside them is free), and where each label was, so that the labels no box disturbed
//! stay where they were and only those the boxes displaced look for another place.

use emath::{Pos2, Rect, Vec2};

use crate::{Label, LabelStyle};

/// The features an earlier placement named, and where.
#[derive(Clone, Debug, Default)]
pub struct Keep {
    /// The features to keep named, sorted.
    features: Vec<usize>,
    /// Where their labels and badges were (those beside their points), by feature.
    spots: Vec<(usize, Rect)>,
}

impl Keep {
    /// Keeps the features of `labels` that `keeps` accepts, and their labels' places.
    pub fn of(labels: &[Label], keeps: impl Fn(usize) -> bool) -> Keep {
        let mut features: Vec<usize> = labels
            .iter()
            .filter_map(|l| l.feature)
            .filter(|&i| keeps(i))
            .collect();
        features.sort_unstable();
        features.dedup();
        let mut spots: Vec<(usize, Rect)> = labels
            .iter()
            .filter(|l| matches!(l.style, LabelStyle::Major | LabelStyle::Badge))
            .filter(|l| l.leader.is_none())
            .filter_map(|l| l.feature.map(|i| (i, l.rect)))
            .filter(|&(i, _)| keeps(i))
            .collect();
        spots.sort_by_key(|&(i, _)| i);
        Keep { features, spots }
    }

    /// The places of the earlier labels that none of `boxes` covers: held for their own
    /// labels from the start of a placement, so that a label a box displaced cannot take the
    /// place of one it did not (and push that one away in turn).
    pub fn held(&self, boxes: &[Rect]) -> Vec<(usize, Rect)> {
        self.spots
            .iter()
            .filter(|(_, r)| !boxes.iter().any(|b| b.intersects(r.expand(1.5))))
            .copied()
            .collect()
    }

    pub fn keeps(&self, feature: usize) -> bool {
        self.features.binary_search(&feature).is_ok()
    }

    /// Where the earlier placement put a label of `size` for `feature` beside `anchor` (a
    /// marker of radius `gap`), if it did.
    pub fn spot(&self, feature: usize, anchor: Pos2, size: Vec2, gap: f32) -> Option<Rect> {
        let start = self.spots.partition_point(|&(i, _)| i < feature);
        self.spots[start..]
            .iter()
            .take_while(|&&(i, _)| i == feature)
            .map(|&(_, r)| r)
            .find(|r| {
                (r.size() - size).length() < 0.5 && r.distance_to_pos(anchor) <= gap.max(0.0) + 4.0
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emath::{pos2, vec2};

    #[test]
    fn a_spot_is_found_for_its_feature_beside_its_anchor_only() {
        let label = |feature, rect| Label {
            text: "Hadrut".to_owned(),
            rect,
            size: 14.0,
            color: ecolor::Color32::BLACK,
            halo: ecolor::Color32::WHITE,
            style: LabelStyle::Major,
            feature: Some(feature),
            dot: None,
            leader: None,
        };
        let beside = Rect::from_min_size(pos2(108.0, 92.0), vec2(50.0, 17.5));
        let keep = Keep::of(&[label(7, beside), label(3, beside)], |i| i != 3);
        assert!(keep.keeps(7) && !keep.keeps(3));
        let anchor = pos2(100.0, 100.0);
        assert_eq!(keep.spot(7, anchor, beside.size(), 5.0), Some(beside));
        assert_eq!(keep.spot(3, anchor, beside.size(), 5.0), None);
        assert_eq!(keep.spot(7, pos2(300.0, 100.0), beside.size(), 5.0), None);
        assert_eq!(keep.spot(7, anchor, vec2(80.0, 17.5), 5.0), None);
        assert_eq!(keep.held(&[]), vec![(7, beside)]);
        assert!(keep.held(&[beside.translate(vec2(40.0, 0.0))]).is_empty());
    }
}
