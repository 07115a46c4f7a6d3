//! Type objects: `PyType`, the layout kinds of built-in instances, and the registry of
//! built-in types (including the whole built-in exception hierarchy).
//!
//! The registry is created once per thread on first use; creating it allocates one small
//! object per type and nothing that grows with the number of methods (built-in methods are
//! found through static tables, see [`crate::methods`]).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::dict::PyDict;
use crate::value::Value;

/// What an instance of a type looks like in memory: which `Value` variant carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// `object`.
    Object,
    /// `type`.
    Type,
    /// `NoneType`.
    NoneType,
    /// `NotImplementedType`.
    NotImplementedType,
    /// `ellipsis`.
    Ellipsis,
    /// `bool`.
    Bool,
    /// `int`.
    Int,
    /// `float`.
    Float,
    /// `complex`.
    Complex,
    /// `str`.
    Str,
    /// `bytes`.
    Bytes,
    /// `bytearray`.
    ByteArray,
    /// `tuple`.
    Tuple,
    /// `list`.
    List,
    /// `dict`.
    Dict,
    /// `set`.
    Set,
    /// `frozenset`.
    FrozenSet,
    /// `range`.
    Range,
    /// `slice`.
    Slice,
    /// `function`.
    Function,
    /// `builtin_function_or_method`.
    BuiltinFunction,
    /// `method`.
    Method,
    /// `code`.
    Code,
    /// `cell`.
    Cell,
    /// `module`.
    Module,
    /// Built-in iterators (their names vary; see [`crate::iter`]).
    Iterator,
    /// `BaseException` and every subclass, built-in or user-defined.
    Exception,
    /// Instances of user-defined classes.
    Instance,
    /// Objects implemented by [`crate::native::NativeObject`].
    Native,
}

/// A type object.
#[derive(Debug)]
pub struct PyType {
    /// `__name__`.
    pub name: String,
    /// `__qualname__`.
    pub qualname: String,
    /// `__module__` (`builtins` for built-in types).
    pub module: String,
    /// The instance layout.
    pub kind: TypeKind,
    /// `__bases__`.
    pub bases: Vec<Rc<PyType>>,
    /// `__mro__` without the type itself (a type cannot hold an `Rc` to itself).
    pub mro_tail: Vec<Rc<PyType>>,
    /// The class namespace (`__dict__`). Empty for built-in types, whose methods are static.
    pub dict: Rc<PyDict>,
    /// Whether the type was defined by Rust (built in) rather than by a `class` statement.
    pub builtin: bool,
    /// Whether Python code may subclass it (`bool`, `NoneType`... may not).
    pub subclassable: bool,
    /// Mutable extras: the metaclass and the subclasses.
    pub extra: TypeExtra,
}

impl Drop for PyType {
    /// A freed class's address may be reused by a new class: per-site attribute caches,
    /// which remember classes by address, must not match it (see
    /// [`crate::protocols::attr::AttrCache`]).
    fn drop(&mut self) {
        crate::dict::bump_type_dicts_version();
    }
}

/// The parts of a type that are filled in after it is created.
#[derive(Debug, Default)]
pub struct TypeExtra {
    /// The metaclass (`type(cls)`), when it is not `type`.
    pub metaclass: RefCell<Option<Rc<PyType>>>,
    /// `__subclasses__()`: the direct subclasses, in creation order.
    pub subclasses: RefCell<Vec<Weak<PyType>>>,
    /// Which attribute hooks (`__getattribute__`, `__setattr__`, ...) the class or its bases
    /// define, with the MRO stamp it was computed at (see [`PyType::hooks`]).
    pub hooks_cache: std::cell::Cell<(u64, u8)>,
    /// Where names were found along the MRO (see [`PyType::lookup_hashed`]); empty until the
    /// first lookup.
    lookup_cache: RefCell<Vec<LookupEntry>>,
    /// Attribute names that `__slots__` was found to allow on instances, with the MRO stamp
    /// they were checked at (see [`PyType::slot_known`]).
    slot_names: RefCell<(u64, Vec<Rc<crate::str::PyStr>>)>,
    /// The most attributes an instance's dict has been seen to hold, so that new instances
    /// get a dict of that size at once instead of growing it attribute by attribute (see
    /// [`PyType::note_instance_dict_len`]).
    instance_dict_hint: std::cell::Cell<u32>,
}

/// One slot of a type's attribute lookup cache: where `name` was found along the MRO (class
/// position, entry index in that class's dict) or that it was not found, valid while the MRO
/// stamp is `stamp`. Caching the location rather than the value keeps `C.f = g` visible.
#[derive(Debug, Clone, Default)]
struct LookupEntry {
    stamp: u64,
    hash: i64,
    name: Option<Rc<crate::str::PyStr>>,
    location: Option<(u32, u32)>,
}

/// Slots in a type's lookup cache (direct-mapped by name hash).
const LOOKUP_CACHE_SLOTS: usize = 64;

/// [`PyType::hooks`] bit: a user `__getattribute__`.
pub const HOOK_GETATTRIBUTE: u8 = 1;
/// [`PyType::hooks`] bit: a user `__getattr__`.
pub const HOOK_GETATTR: u8 = 2;
/// [`PyType::hooks`] bit: a user `__setattr__`.
pub const HOOK_SETATTR: u8 = 4;
/// [`PyType::hooks`] bit: a user `__delattr__`.
pub const HOOK_DELATTR: u8 = 8;
/// [`PyType::hooks`] bit: some class in the MRO declares `__slots__`.
pub const HOOK_SLOTS: u8 = 16;

impl PyType {
    /// A built-in type with the given bases; its MRO is computed by C3.
    pub fn new_builtin(name: &str, kind: TypeKind, bases: Vec<Rc<PyType>>) -> Rc<PyType> {
        let mro_tail = linear_mro_tail(&bases);
        let dict = Rc::new(PyDict::new());
        dict.mark_type_dict();
        Rc::new(PyType {
            name: name.to_string(),
            qualname: name.to_string(),
            module: "builtins".to_string(),
            kind,
            bases,
            mro_tail,
            dict,
            builtin: true,
            subclassable: !matches!(
                kind,
                TypeKind::Bool
                    | TypeKind::NoneType
                    | TypeKind::NotImplementedType
                    | TypeKind::Ellipsis
                    | TypeKind::Range
                    | TypeKind::Slice
                    | TypeKind::Function
                    | TypeKind::BuiltinFunction
                    | TypeKind::Method
                    | TypeKind::Code
                    | TypeKind::Cell
                    | TypeKind::Iterator
            ),
            extra: TypeExtra::default(),
        })
    }

    /// The dict capacity to give a new instance (see [`TypeExtra`]'s `instance_dict_hint`).
    #[inline]
    pub fn instance_dict_hint(&self) -> usize {
        self.extra.instance_dict_hint.get() as usize
    }

    /// Records that an instance's dict now holds `len` entries.
    #[inline]
    pub fn note_instance_dict_len(&self, len: usize) {
        // Capped: a class whose instances are used as ad-hoc namespaces should not make
        // every new instance large.
        let len = len.min(32) as u32;
        if len > self.extra.instance_dict_hint.get() {
            self.extra.instance_dict_hint.set(len);
        }
    }

    /// The metaclass: `type(cls)`.
    pub fn metaclass(&self) -> Option<Rc<PyType>> {
        self.extra.metaclass.borrow().clone()
    }

    /// The live direct subclasses.
    pub fn subclasses(&self) -> Vec<Rc<PyType>> {
        self.extra
            .subclasses
            .borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .collect()
    }

    /// The built-in type whose instance layout a user class extends (`list` for
    /// `class L(list)`), if any other than `object`.
    pub fn solid_base(self: &Rc<PyType>) -> Option<Rc<PyType>> {
        if self.builtin {
            return None;
        }
        self.mro_tail
            .iter()
            .find(|t| {
                t.builtin
                    && !matches!(
                        t.kind,
                        TypeKind::Object | TypeKind::Instance | TypeKind::Exception
                    )
            })
            .cloned()
    }

    /// `__mro__`: the type itself followed by its linearised bases.
    pub fn mro(self: &Rc<PyType>) -> Vec<Rc<PyType>> {
        let mut v = Vec::with_capacity(self.mro_tail.len() + 1);
        v.push(self.clone());
        v.extend(self.mro_tail.iter().cloned());
        v
    }

    /// Whether `self` is `other` or a subclass of it.
    pub fn is_subtype(self: &Rc<PyType>, other: &Rc<PyType>) -> bool {
        Rc::ptr_eq(self, other) || self.mro_tail.iter().any(|t| Rc::ptr_eq(t, other))
    }

    /// A stamp that changes whenever a dict along the MRO gains or loses a key: the version
    /// of the latest key change to any class dict (class dicts are marked when the type is
    /// created, see [`PyDict::mark_type_dict`]), one thread-local read instead of a walk
    /// of the MRO.
    #[inline]
    pub fn mro_stamp(&self) -> u64 {
        crate::dict::type_dicts_version()
    }

    /// The `HOOK_*` bits of the attribute hooks defined along the MRO, cached until a class
    /// dict in the MRO changes its keys. Attribute access asks this instead of walking the
    /// MRO for `__getattribute__` on every `obj.x`.
    pub fn hooks(self: &Rc<PyType>) -> u8 {
        self.hooks_at(self.mro_stamp())
    }

    /// [`PyType::hooks`] with the MRO stamp already computed.
    #[inline]
    pub fn hooks_at(self: &Rc<PyType>, stamp: u64) -> u8 {
        let (cached_stamp, bits) = self.extra.hooks_cache.get();
        if cached_stamp == stamp && stamp != 0 {
            return bits;
        }
        self.compute_hooks(stamp)
    }

    /// [`PyType::hooks_at`] when the cache is stale: looks the hooks up and caches them.
    #[inline(never)]
    fn compute_hooks(self: &Rc<PyType>, stamp: u64) -> u8 {
        let mut bits = 0;
        for (name, bit) in [
            ("__getattribute__", HOOK_GETATTRIBUTE),
            ("__getattr__", HOOK_GETATTR),
            ("__setattr__", HOOK_SETATTR),
            ("__delattr__", HOOK_DELATTR),
            ("__slots__", HOOK_SLOTS),
        ] {
            if self.lookup(name).is_some() {
                bits |= bit;
            }
        }
        self.extra.hooks_cache.set((stamp, bits));
        bits
    }

    /// Whether `name` was already found to be allowed by the `__slots__` along the MRO
    /// (see [`PyType::remember_slot`]) while the MRO stamp is `stamp`. As in CPython, the
    /// allowed names are fixed once checked: rebinding `__slots__` later has no effect.
    #[inline]
    pub fn slot_known(&self, name: &Rc<crate::str::PyStr>, stamp: u64) -> bool {
        match self.extra.slot_names.try_borrow() {
            Ok(known) => known.0 == stamp && known.1.iter().any(|n| n.same_text(name)),
            Err(_) => false,
        }
    }

    /// Records that `__slots__` allows `name` (checked at MRO stamp `stamp`).
    pub fn remember_slot(&self, name: &Rc<crate::str::PyStr>, stamp: u64) {
        if let Ok(mut known) = self.extra.slot_names.try_borrow_mut() {
            if known.0 != stamp {
                *known = (stamp, Vec::new());
            }
            if known.1.len() < 64 {
                known.1.push(name.clone());
            }
        }
    }

    /// Looks a name up along the MRO in the class dicts (the name is hashed once).
    pub fn lookup(self: &Rc<PyType>, name: &str) -> Option<Value> {
        self.lookup_hashed(name, crate::str::hash_str(name))
    }

    /// The class dict at `position` in the MRO (0 is this type's own).
    fn mro_dict(&self, position: usize) -> Option<&Rc<PyDict>> {
        match position {
            0 => Some(&self.dict),
            n => self.mro_tail.get(n - 1).map(|t| &t.dict),
        }
    }

    /// Where `key` is defined along the MRO: (position in the MRO, 0 being this type, and
    /// index in that class dict), for per-site caches that re-read the value there. Uses
    /// and fills the type's lookup cache, as [`PyType::lookup_key`] does.
    pub fn lookup_location(
        self: &Rc<PyType>,
        key: &Rc<crate::str::PyStr>,
        stamp: u64,
    ) -> Option<(u32, u32)> {
        if let Some(found) = self.probe_location(key.as_str(), key.hash(), stamp, Some(key)) {
            return found;
        }
        self.lookup_miss(key.as_str(), key.hash(), stamp, Some(key));
        self.probe_location(key.as_str(), key.hash(), stamp, Some(key))
            .flatten()
    }

    /// The value at a location found by [`PyType::lookup_location`] (valid while the MRO
    /// stamp is unchanged).
    #[inline]
    pub fn value_in_mro(&self, position: u32, index: u32) -> Option<Value> {
        self.mro_dict(position as usize)?.value_at(index as usize)
    }

    /// [`PyType::lookup`] for a name whose `hash_str` the caller has. A per-type cache
    /// remembers where (or that not) each name was found, so the common case costs one
    /// probe instead of one dict lookup per class in the MRO, as CPython's type method cache.
    pub fn lookup_hashed(self: &Rc<PyType>, name: &str, hash: i64) -> Option<Value> {
        self.lookup_at(name, hash, self.mro_stamp())
    }

    /// [`PyType::lookup_hashed`] with the MRO stamp already computed.
    pub fn lookup_at(self: &Rc<PyType>, name: &str, hash: i64, stamp: u64) -> Option<Value> {
        self.lookup_cached(name, hash, stamp, None)
    }

    /// [`PyType::lookup_at`] for a name held as a shared string (a code object's name): the
    /// cache keeps that string, so later probes with it compare pointers, not bytes.
    #[inline(always)]
    pub fn lookup_key(self: &Rc<PyType>, key: &Rc<crate::str::PyStr>, stamp: u64) -> Option<Value> {
        self.lookup_cached(key.as_str(), key.hash(), stamp, Some(key))
    }

    /// The two cache slots a name with this hash may occupy. Two-way: two hot names whose
    /// hashes share the low bits do not keep evicting each other.
    #[inline(always)]
    fn cache_slots(hash: i64) -> [usize; 2] {
        let h = hash as u64 as usize;
        let first = h % LOOKUP_CACHE_SLOTS;
        let second = match (h / LOOKUP_CACHE_SLOTS) % LOOKUP_CACHE_SLOTS {
            s if s == first => first ^ 1,
            s => s,
        };
        [first, second]
    }

    /// The lookup cache's answer, if it has a valid one: `Some(found)`.
    #[inline(always)]
    fn probe_cache(
        self: &Rc<PyType>,
        name: &str,
        hash: i64,
        stamp: u64,
        key: Option<&Rc<crate::str::PyStr>>,
    ) -> Option<Option<Value>> {
        let location = self.probe_location(name, hash, stamp, key)?;
        Some(location.and_then(|(pos, index)| self.value_in_mro(pos, index)))
    }

    /// Where the lookup cache says the name is (`Some(None)`: nowhere), if it knows.
    #[inline(always)]
    fn probe_location(
        self: &Rc<PyType>,
        name: &str,
        hash: i64,
        stamp: u64,
        key: Option<&Rc<crate::str::PyStr>>,
    ) -> Option<Option<(u32, u32)>> {
        let cache = self.extra.lookup_cache.try_borrow().ok()?;
        for slot in Self::cache_slots(hash) {
            let e = cache.get(slot)?;
            if e.stamp == stamp
                && stamp != 0
                && e.hash == hash
                && match (&e.name, key) {
                    (Some(n), Some(k)) => n.same_text(k),
                    (Some(n), None) => crate::dict::same_text(n.as_str(), name),
                    (None, _) => false,
                }
            {
                return Some(e.location);
            }
        }
        None
    }

    #[inline(always)]
    fn lookup_cached(
        self: &Rc<PyType>,
        name: &str,
        hash: i64,
        stamp: u64,
        key: Option<&Rc<crate::str::PyStr>>,
    ) -> Option<Value> {
        match self.probe_cache(name, hash, stamp, key) {
            Some(found) => found,
            None => self.lookup_miss(name, hash, stamp, key),
        }
    }

    /// [`PyType::lookup_cached`] when the cache has no answer: walks the MRO and caches
    /// where the name was found.
    #[inline(never)]
    fn lookup_miss(
        self: &Rc<PyType>,
        name: &str,
        hash: i64,
        stamp: u64,
        key: Option<&Rc<crate::str::PyStr>>,
    ) -> Option<Value> {
        let [first, second] = Self::cache_slots(hash);
        let mut location = None;
        let mut found = None;
        let dicts = std::iter::once(&self.dict).chain(self.mro_tail.iter().map(|t| &t.dict));
        for (pos, d) in dicts.enumerate() {
            let index = match key {
                Some(k) => d.index_of_pystr(k),
                None => d.index_of_str(name, hash),
            };
            if let Some(index) = index {
                found = d.value_at(index);
                location = Some((pos as u32, index as u32));
                break;
            }
        }
        if let Ok(mut cache) = self.extra.lookup_cache.try_borrow_mut() {
            if cache.is_empty() {
                cache.resize(LOOKUP_CACHE_SLOTS, LookupEntry::default());
            }
            // Fill a slot that is free or stale; else the first, moving its entry to the
            // second.
            let slot = if cache[first].stamp != stamp {
                first
            } else if cache[second].stamp != stamp {
                second
            } else {
                cache[second] = std::mem::take(&mut cache[first]);
                first
            };
            cache[slot] = LookupEntry {
                stamp,
                hash,
                name: Some(match key {
                    Some(k) => k.clone(),
                    None => Rc::new(crate::str::PyStr::new(name)),
                }),
                location,
            };
        }
        found
    }

    /// The `<class 'NAME'>` repr.
    pub fn repr(&self) -> String {
        if self.module == "builtins" {
            format!("<class '{}'>", self.qualname)
        } else {
            format!("<class '{}.{}'>", self.module, self.qualname)
        }
    }
}

/// The MRO tail for single or multiple inheritance. C3 for the general case lives with class
/// creation; built-in types only use single inheritance, where this is exact.
fn linear_mro_tail(bases: &[Rc<PyType>]) -> Vec<Rc<PyType>> {
    if bases.len() > 1 {
        // C3 merge (ExceptionGroup(BaseExceptionGroup, Exception)).
        let mut seqs: Vec<Vec<Rc<PyType>>> = bases.iter().map(|b| b.mro()).collect();
        seqs.push(bases.to_vec());
        let mut out: Vec<Rc<PyType>> = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return out;
            }
            let head = seqs
                .iter()
                .map(|s| s[0].clone())
                .find(|h| !seqs.iter().any(|s| s[1..].iter().any(|x| Rc::ptr_eq(x, h))));
            let Some(h) = head else { break };
            for s in seqs.iter_mut() {
                if Rc::ptr_eq(&s[0], &h) {
                    s.remove(0);
                }
            }
            out.push(h);
        }
    }
    let mut tail: Vec<Rc<PyType>> = Vec::new();
    for base in bases {
        for t in base.mro() {
            if !tail.iter().any(|x| Rc::ptr_eq(x, &t)) {
                tail.push(t);
            }
        }
    }
    tail
}

/// The built-in exception hierarchy as CPython 3.11 defines it: (name, base).
pub const EXCEPTION_HIERARCHY: &[(&str, &str)] = &[
    ("BaseException", "object"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("BaseExceptionGroup", "BaseException"),
    ("Exception", "BaseException"),
    ("ExceptionGroup", "BaseExceptionGroup"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("Warning", "Exception"),
    ("BytesWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("EncodingWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("UserWarning", "Warning"),
];

/// The built-in types, created once per thread.
#[derive(Debug)]
pub struct BuiltinTypes {
    /// `object`.
    pub object: Rc<PyType>,
    /// `type`.
    pub type_: Rc<PyType>,
    /// `NoneType`.
    pub none: Rc<PyType>,
    /// `NotImplementedType`.
    pub not_implemented: Rc<PyType>,
    /// `ellipsis`.
    pub ellipsis: Rc<PyType>,
    /// `int`.
    pub int: Rc<PyType>,
    /// `bool`.
    pub bool_: Rc<PyType>,
    /// `float`.
    pub float: Rc<PyType>,
    /// `complex`.
    pub complex: Rc<PyType>,
    /// `str`.
    pub str_: Rc<PyType>,
    /// `bytes`.
    pub bytes: Rc<PyType>,
    /// `bytearray`.
    pub bytearray: Rc<PyType>,
    /// `tuple`.
    pub tuple: Rc<PyType>,
    /// `list`.
    pub list: Rc<PyType>,
    /// `dict`.
    pub dict: Rc<PyType>,
    /// `set`.
    pub set: Rc<PyType>,
    /// `frozenset`.
    pub frozenset: Rc<PyType>,
    /// `range`.
    pub range: Rc<PyType>,
    /// `slice`.
    pub slice: Rc<PyType>,
    /// `function`.
    pub function: Rc<PyType>,
    /// `builtin_function_or_method`.
    pub builtin_function: Rc<PyType>,
    /// `method`.
    pub method: Rc<PyType>,
    /// `code`.
    pub code: Rc<PyType>,
    /// `cell`.
    pub cell: Rc<PyType>,
    /// `module`.
    pub module: Rc<PyType>,
    /// The exception classes, in [`EXCEPTION_HIERARCHY`] order.
    pub exceptions: Vec<Rc<PyType>>,
    /// Iterator types by name (`list_iterator`, `zip`, ...), created on first use.
    pub iterators: RefCell<Vec<Rc<PyType>>>,
}

impl BuiltinTypes {
    fn create() -> BuiltinTypes {
        let object = PyType::new_builtin("object", TypeKind::Object, vec![]);
        let t = |name: &str, kind| PyType::new_builtin(name, kind, vec![object.clone()]);
        let int = t("int", TypeKind::Int);
        let bool_ = PyType::new_builtin("bool", TypeKind::Bool, vec![int.clone()]);
        let mut exceptions: Vec<Rc<PyType>> = Vec::with_capacity(EXCEPTION_HIERARCHY.len());
        for (name, base) in EXCEPTION_HIERARCHY {
            let base = if *base == "object" {
                object.clone()
            } else {
                let pos = EXCEPTION_HIERARCHY.iter().position(|(n, _)| n == base);
                match pos.and_then(|p| exceptions.get(p)) {
                    Some(b) => b.clone(),
                    None => object.clone(),
                }
            };
            let mut bases = vec![base];
            if *name == "ExceptionGroup" {
                // class ExceptionGroup(BaseExceptionGroup, Exception)
                if let Some(p) = EXCEPTION_HIERARCHY
                    .iter()
                    .position(|(n, _)| *n == "Exception")
                {
                    bases.extend(exceptions.get(p).cloned());
                }
            }
            exceptions.push(PyType::new_builtin(name, TypeKind::Exception, bases));
        }
        BuiltinTypes {
            type_: t("type", TypeKind::Type),
            none: t("NoneType", TypeKind::NoneType),
            not_implemented: t("NotImplementedType", TypeKind::NotImplementedType),
            ellipsis: t("ellipsis", TypeKind::Ellipsis),
            float: t("float", TypeKind::Float),
            complex: t("complex", TypeKind::Complex),
            str_: t("str", TypeKind::Str),
            bytes: t("bytes", TypeKind::Bytes),
            bytearray: t("bytearray", TypeKind::ByteArray),
            tuple: t("tuple", TypeKind::Tuple),
            list: t("list", TypeKind::List),
            dict: t("dict", TypeKind::Dict),
            set: t("set", TypeKind::Set),
            frozenset: t("frozenset", TypeKind::FrozenSet),
            range: t("range", TypeKind::Range),
            slice: t("slice", TypeKind::Slice),
            function: t("function", TypeKind::Function),
            builtin_function: t("builtin_function_or_method", TypeKind::BuiltinFunction),
            method: t("method", TypeKind::Method),
            code: t("code", TypeKind::Code),
            cell: t("cell", TypeKind::Cell),
            module: t("module", TypeKind::Module),
            exceptions,
            iterators: RefCell::new(Vec::new()),
            int,
            bool_,
            object,
        }
    }

    /// The built-in exception class called `name`.
    pub fn exception(&self, name: &str) -> Option<Rc<PyType>> {
        EXCEPTION_HIERARCHY
            .iter()
            .position(|(n, _)| *n == name)
            .and_then(|i| self.exceptions.get(i).cloned())
    }

    /// The iterator type called `name`, created on first use.
    pub fn iterator_type(&self, name: &str) -> Rc<PyType> {
        if let Some(t) = self.iterators.borrow().iter().find(|t| t.name == name) {
            return t.clone();
        }
        let t = PyType::new_builtin(name, TypeKind::Iterator, vec![self.object.clone()]);
        self.iterators.borrow_mut().push(t.clone());
        t
    }
}

thread_local! {
    static TYPES: Rc<BuiltinTypes> = Rc::new(BuiltinTypes::create());
}

/// The built-in types of this thread.
pub fn builtin_types() -> Rc<BuiltinTypes> {
    TYPES.with(|t| t.clone())
}

/// The built-in exception class `name` (panics never: unknown names give `Exception`).
pub fn exception_type(name: &str) -> Rc<PyType> {
    TYPES.with(|t| {
        t.exception(name)
            .or_else(|| t.exception("Exception"))
            .unwrap_or_else(|| t.object.clone())
    })
}
