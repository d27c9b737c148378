//! Property attributes, packed in a byte.

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Attrs(pub u8);

impl Attrs {
    pub const WRITABLE: u8 = 1;
    pub const ENUMERABLE: u8 = 2;
    pub const CONFIGURABLE: u8 = 4;
    /// The slot holds an accessor pair (getter/setter) instead of a value; WRITABLE is meaningless then.
    pub const ACCESSOR: u8 = 8;

    /// writable, enumerable, configurable: what assignment and object literals create.
    pub const DEFAULT: Attrs = Attrs(Self::WRITABLE | Self::ENUMERABLE | Self::CONFIGURABLE);
    /// writable, configurable, not enumerable: builtin methods and class methods.
    pub const HIDDEN: Attrs = Attrs(Self::WRITABLE | Self::CONFIGURABLE);
    pub const NONE: Attrs = Attrs(0);

    pub const fn writable(self) -> bool {
        self.0 & Self::WRITABLE != 0
    }
    pub const fn enumerable(self) -> bool {
        self.0 & Self::ENUMERABLE != 0
    }
    pub const fn configurable(self) -> bool {
        self.0 & Self::CONFIGURABLE != 0
    }
    pub const fn is_accessor(self) -> bool {
        self.0 & Self::ACCESSOR != 0
    }
    pub const fn with(self, bit: u8, on: bool) -> Attrs {
        if on { Attrs(self.0 | bit) } else { Attrs(self.0 & !bit) }
    }
}
