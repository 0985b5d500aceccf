//! Dictionary codes stored as narrowly as their dictionary allows, because
//! a query's speed is bounded by the bytes it reads per row.

/// Code 0 means "no value"; codes 1… index the column's dictionary. A
/// column is as narrow as its dictionary allows and widens as it grows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Default for Column {
    fn default() -> Self {
        Column::U8(Vec::new())
    }
}

impl Column {
    /// A column of `len` empty codes.
    pub fn empty(len: usize) -> Self {
        Column::U8(vec![0; len])
    }

    pub fn len(&self) -> usize {
        match self {
            Column::U8(v) => v.len(),
            Column::U16(v) => v.len(),
            Column::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, row: usize) -> u32 {
        match self {
            Column::U8(v) => u32::from(v[row]),
            Column::U16(v) => u32::from(v[row]),
            Column::U32(v) => v[row],
        }
    }

    /// Appends a code, widening the column when the code no longer fits.
    pub fn push(&mut self, code: u32) {
        self.fit(code);
        match self {
            Column::U8(v) => v.push(code as u8),
            Column::U16(v) => v.push(code as u16),
            Column::U32(v) => v.push(code),
        }
    }

    pub fn set(&mut self, row: usize, code: u32) {
        self.fit(code);
        match self {
            Column::U8(v) => v[row] = code as u8,
            Column::U16(v) => v[row] = code as u16,
            Column::U32(v) => v[row] = code,
        }
    }

    fn fit(&mut self, code: u32) {
        match self {
            Column::U8(v) if code > u32::from(u8::MAX) => {
                *self = Column::U16(v.iter().map(|&c| u16::from(c)).collect());
                self.fit(code);
            }
            Column::U16(v) if code > u32::from(u16::MAX) => {
                *self = Column::U32(v.iter().map(|&c| u32::from(c)).collect());
            }
            _ => {}
        }
    }

    /// Bytes per code.
    pub fn width(&self) -> usize {
        match self {
            Column::U8(_) => 1,
            Column::U16(_) => 2,
            Column::U32(_) => 4,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Column::U8(v) => v,
            Column::U16(v) => bytemuck::cast_slice(v),
            Column::U32(v) => bytemuck::cast_slice(v),
        }
    }

    /// A zeroed column of `len` codes of `width` bytes, to read a snapshot into.
    pub fn zeroed(width: usize, len: usize) -> Option<Self> {
        match width {
            1 => Some(Column::U8(vec![0; len])),
            2 => Some(Column::U16(vec![0; len])),
            4 => Some(Column::U32(vec![0; len])),
            _ => None,
        }
    }

    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        match self {
            Column::U8(v) => v,
            Column::U16(v) => bytemuck::cast_slice_mut(v),
            Column::U32(v) => bytemuck::cast_slice_mut(v),
        }
    }

    pub fn memory_bytes(&self) -> usize {
        self.len() * self.width()
    }

    pub fn codes(&self) -> Codes<'_> {
        match self {
            Column::U8(v) => Codes::U8(v),
            Column::U16(v) => Codes::U16(v),
            Column::U32(v) => Codes::U32(v),
        }
    }
}

/// A borrowed run of codes of any width.
#[derive(Debug, Clone, Copy)]
pub enum Codes<'a> {
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
}

impl Codes<'_> {
    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `keys[i] += lut[code of row start + i]`: the one operation every
    /// filter and breakdown compiles to.
    pub fn gather_add(&self, start: usize, keys: &mut [u32], lut: &[u32]) {
        fn run<T: Copy + Into<u32>>(codes: &[T], keys: &mut [u32], lut: &[u32]) {
            for (key, &code) in keys.iter_mut().zip(codes) {
                *key += lut[code.into() as usize];
            }
        }
        let end = start + keys.len();
        match self {
            Codes::U8(v) => run(&v[start..end], keys, lut),
            Codes::U16(v) => run(&v[start..end], keys, lut),
            Codes::U32(v) => run(&v[start..end], keys, lut),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_keeps_every_code() {
        let mut column = Column::default();
        for code in [0, 7, 255] {
            column.push(code);
        }
        assert_eq!(column.width(), 1);
        column.push(300);
        assert_eq!(column.width(), 2);
        column.push(70_000);
        assert_eq!(column.width(), 4);
        let codes: Vec<u32> = (0..column.len()).map(|r| column.get(r)).collect();
        assert_eq!(codes, vec![0, 7, 255, 300, 70_000]);
        column.set(0, 5);
        assert_eq!(column.get(0), 5);
    }

    #[test]
    fn gather_add_adds_the_lookup_of_each_code() {
        let mut column = Column::default();
        for code in [2, 0, 1, 2] {
            column.push(code);
        }
        let mut keys = vec![1u32; 3];
        column.codes().gather_add(1, &mut keys, &[10, 20, 30]);
        assert_eq!(keys, vec![11, 21, 31]);
    }
}
