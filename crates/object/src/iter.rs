//! Built-in iterator objects and their state machines.

use std::cell::RefCell;
use std::rc::Rc;

use crate::dict::PyDict;
use crate::list::PyList;
use crate::set::PySet;
use crate::str::PyStr;
use crate::tuple::PyTuple;
use crate::value::Value;

/// Which part of a dict a dict iterator yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictPart {
    /// Keys.
    Keys,
    /// Values.
    Values,
    /// (key, value) tuples.
    Items,
}

/// The state of a built-in iterator.
#[derive(Debug)]
pub enum IterState {
    /// `list_iterator`.
    List {
        /// The list.
        list: Rc<PyList<Value>>,
        /// Next index.
        index: usize,
    },
    /// `list_reverseiterator`.
    ListReverse {
        /// The list.
        list: Rc<PyList<Value>>,
        /// Items not yet produced (next index + 1).
        remaining: usize,
    },
    /// `tuple_iterator`.
    Tuple {
        /// The tuple.
        tuple: Rc<PyTuple>,
        /// Next index.
        index: usize,
    },
    /// `range_iterator`.
    Range {
        /// Next value.
        next: i64,
        /// Step.
        step: i64,
        /// Values left.
        remaining: i64,
    },
    /// `str_ascii_iterator` / `str_iterator`.
    Str {
        /// The string.
        s: Rc<PyStr>,
        /// Byte offset of the next character.
        pos: usize,
    },
    /// `bytes_iterator`.
    Bytes {
        /// The bytes.
        bytes: Rc<Vec<u8>>,
        /// Next index.
        index: usize,
    },
    /// `dict_keyiterator` and friends.
    Dict {
        /// The dict.
        dict: Rc<PyDict>,
        /// What to yield.
        part: DictPart,
        /// Next position.
        index: usize,
        /// Length when iteration started (a change raises RuntimeError).
        len: usize,
    },
    /// `set_iterator`: walks the set's table, checking the size (as CPython does).
    Set {
        /// The set.
        set: Rc<PySet>,
        /// Its size when iteration started.
        len: usize,
        /// The next table slot to look at.
        pos: usize,
    },
    /// `enumerate`.
    Enumerate {
        /// The underlying iterator.
        inner: Value,
        /// Next count.
        count: Value,
    },
    /// `zip`.
    Zip {
        /// The underlying iterators.
        iters: Vec<Value>,
        /// `strict=True`.
        strict: bool,
    },
    /// `map`.
    Map {
        /// The function.
        func: Value,
        /// The underlying iterators.
        iters: Vec<Value>,
    },
    /// `filter`.
    Filter {
        /// The predicate (`None` for truthiness).
        func: Value,
        /// The underlying iterator.
        inner: Value,
    },
    /// `callable_iterator` (`iter(f, sentinel)`).
    Callable {
        /// The function.
        func: Value,
        /// Stop when it returns this.
        sentinel: Value,
    },
    /// `reversed` over a sequence with `__len__`/`__getitem__`.
    SeqReverse {
        /// The sequence.
        seq: Value,
        /// Items not yet produced.
        remaining: usize,
    },
    /// Any sequence iterated by `__getitem__` (`iterator`).
    SeqIndex {
        /// The sequence.
        seq: Value,
        /// Next index.
        index: usize,
    },
    /// A finished iterator.
    Exhausted,
}

impl IterState {
    /// CPython's type name for this iterator.
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::List { .. } => "list_iterator",
            IterState::ListReverse { .. } => "list_reverseiterator",
            IterState::Tuple { .. } => "tuple_iterator",
            IterState::Range { .. } => "range_iterator",
            IterState::Str { .. } => "str_ascii_iterator",
            IterState::Bytes { .. } => "bytes_iterator",
            IterState::Dict { part, .. } => match part {
                DictPart::Keys => "dict_keyiterator",
                DictPart::Values => "dict_valueiterator",
                DictPart::Items => "dict_itemiterator",
            },
            IterState::Set { .. } => "set_iterator",
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Callable { .. } => "callable_iterator",
            IterState::SeqReverse { .. } => "reversed",
            IterState::SeqIndex { .. } => "iterator",
            IterState::Exhausted => "iterator",
        }
    }
}

/// A built-in iterator object.
#[derive(Debug)]
pub struct PyIter {
    /// Its state.
    pub state: RefCell<IterState>,
}

impl PyIter {
    /// A new iterator value in `state`.
    pub fn new_value(state: IterState) -> Value {
        Value::Iter(Rc::new(PyIter {
            state: RefCell::new(state),
        }))
    }
}
