//! A tiny deterministic random source (SplitMix64) and made-up place names.

/// SplitMix64: tiny, fast, and stable across platforms and versions.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '林',
    '郭', '何', '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '邓', '冯', '韩', '曹', '曾', '彭',
    '蔡', '潘', '田', '董',
];
pub const PLACES: &[char] = &[
    '庄', '集', '楼', '桥', '湾', '店', '寨', '营', '岗', '湖', '塘', '坊', '圩', '铺', '坪', '河',
    '沟', '园',
];
pub const WORDS: &[char] = &[
    '东', '西', '南', '北', '新', '大', '小', '前', '后', '上', '下', '和', '平', '安', '兴',
];

/// A made-up place name: surname, word, place and `suffix` (镇, 村 …).
pub fn name(rng: &mut Rng, suffix: &str) -> String {
    format!(
        "{}{}{}{suffix}",
        rng.pick(SURNAMES),
        rng.pick(WORDS),
        rng.pick(PLACES)
    )
}
