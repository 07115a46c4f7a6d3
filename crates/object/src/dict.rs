//! `dict`: an insertion-ordered hash map (indexmap) keyed by Python hash and equality.
//!
//! Keys carry their precomputed Python hash; the map's hasher passes it through. Every
//! change to the *set of keys* gives the dict a fresh `keys_version`, which lets the eval
//! loop cache "name X lives at index I" for globals and builtins and skip hashing entirely
//! while the version is unchanged (assigning to an existing key keeps the version).

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use indexmap::{Equivalent, IndexMap};

use crate::protocols::eq::keys_equal;
use crate::value::Value;

/// A hasher that passes through the precomputed Python hash.
#[derive(Default)]
pub struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    #[inline]
    fn write_i64(&mut self, i: i64) {
        // Spread the bits: small ints hash to themselves in Python.
        self.0 = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A dict key: the value and its Python hash.
#[derive(Clone, Debug)]
pub struct DictKey {
    /// The Python hash of `value`.
    pub hash: i64,
    /// The key itself.
    pub value: Value,
}

impl Hash for DictKey {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash)
    }
}

impl PartialEq for DictKey {
    #[inline]
    fn eq(&self, other: &DictKey) -> bool {
        self.hash == other.hash && keys_equal(&self.value, &other.value)
    }
}

impl Eq for DictKey {}

/// A borrowed key used for lookups without cloning the value.
pub struct KeyRef<'a> {
    /// The Python hash of `value`.
    pub hash: i64,
    /// The key.
    pub value: &'a Value,
}

impl Hash for KeyRef<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash)
    }
}

impl Equivalent<DictKey> for KeyRef<'_> {
    #[inline]
    fn equivalent(&self, key: &DictKey) -> bool {
        self.hash == key.hash && keys_equal(self.value, &key.value)
    }
}

/// A borrowed `str` key: attribute and name lookups probe the map with the text and its
/// hash, without allocating a `str` value.
pub struct KeyStr<'a> {
    /// `hash_str(text)`.
    pub hash: i64,
    /// The text.
    pub text: &'a str,
}

impl Hash for KeyStr<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash)
    }
}

/// String equality that skips the byte comparison when both are the same memory (an
/// attribute name from a code object probing a dict whose key is that very string).
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

impl Equivalent<DictKey> for KeyStr<'_> {
    #[inline]
    fn equivalent(&self, key: &DictKey) -> bool {
        self.hash == key.hash
            && matches!(&key.value, Value::Str(s) if same_text(s.as_str(), self.text))
    }
}

/// A borrowed `str` key held as a string object (a code object's name): compared with
/// [`PyStr::same_text`](crate::str::PyStr::same_text), which is a pointer or fixed-size
/// comparison for short names.
pub struct KeyPyStr<'a> {
    /// The string's hash.
    pub hash: i64,
    /// The key.
    pub key: &'a crate::str::PyStr,
}

impl Hash for KeyPyStr<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash)
    }
}

impl Equivalent<DictKey> for KeyPyStr<'_> {
    #[inline]
    fn equivalent(&self, key: &DictKey) -> bool {
        self.hash == key.hash && matches!(&key.value, Value::Str(s) if s.same_text(self.key))
    }
}

/// Dicts with at most this many items are searched by a scan of the entries (see
/// [`PyDict::get_pystr`]).
const SMALL_SCAN: usize = 8;

/// The map type behind a dict.
pub type DictMap = IndexMap<DictKey, Value, BuildHasherDefault<PassThroughHasher>>;

thread_local! {
    static NEXT_VERSION: Cell<u64> = const { Cell::new(2) };
    static TYPE_DICTS_VERSION: Cell<u64> = const { Cell::new(1) };
}

/// A fresh, never reused keys version (always even: the low bit of a dict's
/// `keys_version` marks a class dict, see [`PyDict::mark_type_dict`]).
pub fn next_version() -> u64 {
    NEXT_VERSION.with(|c| {
        let v = c.get();
        c.set(v + 2);
        v
    })
}

/// The keys version of the latest change to the set of keys of any class dict (the
/// dicts marked with [`PyDict::mark_type_dict`]): while it is unchanged, no class has
/// gained or lost an attribute, so every type's attribute lookup cache is valid.
#[inline]
pub fn type_dicts_version() -> u64 {
    TYPE_DICTS_VERSION.with(|c| c.get())
}

/// Changes [`type_dicts_version`] without changing any dict: for events that invalidate
/// attribute caches keyed by a class's address (the class being freed).
pub fn bump_type_dicts_version() {
    let v = next_version() | 1;
    TYPE_DICTS_VERSION.with(|c| c.set(v));
}

/// The storage of a Python dict.
#[derive(Debug)]
pub struct PyDict {
    map: RefCell<DictMap>,
    keys_version: Cell<u64>,
    /// Whether an instance of a user class was ever stored as a key (its `__eq__` may make
    /// it equal to a built-in key, so a miss must ask it; see [`PyDict::has_user_keys`]).
    user_keys: Cell<bool>,
}

impl Default for PyDict {
    fn default() -> Self {
        PyDict::new()
    }
}

impl PyDict {
    /// An empty dict.
    pub fn new() -> PyDict {
        PyDict {
            map: RefCell::new(DictMap::default()),
            keys_version: Cell::new(next_version()),
            user_keys: Cell::new(false),
        }
    }

    /// An empty dict with room for `n` entries without growing.
    pub fn with_capacity(n: usize) -> PyDict {
        if n == 0 {
            return PyDict::new();
        }
        PyDict {
            map: RefCell::new(DictMap::with_capacity_and_hasher(n, Default::default())),
            keys_version: Cell::new(next_version()),
            user_keys: Cell::new(false),
        }
    }

    /// A dict holding `map`.
    pub fn from_map(map: DictMap) -> PyDict {
        let user_keys = map.keys().any(|k| matches!(k.value, Value::Instance(_)));
        PyDict {
            map: RefCell::new(map),
            keys_version: Cell::new(next_version()),
            user_keys: Cell::new(user_keys),
        }
    }

    /// Whether a key that is an instance of a user class may be stored: a lookup of a
    /// built-in key that misses must then try those keys' `__eq__` (CPython compares the
    /// stored key with the probe whenever their hashes are equal).
    #[inline]
    pub fn has_user_keys(&self) -> bool {
        self.user_keys.get()
    }

    /// Changes whenever a key is added or removed.
    #[inline]
    pub fn keys_version(&self) -> u64 {
        self.keys_version.get()
    }

    fn bump(&self) {
        let type_dict = self.keys_version.get() & 1;
        let v = next_version() | type_dict;
        self.keys_version.set(v);
        if type_dict != 0 {
            TYPE_DICTS_VERSION.with(|c| c.set(v));
        }
    }

    /// Marks this dict as a class namespace: from now on every change to its keys also
    /// changes [`type_dicts_version`].
    pub fn mark_type_dict(&self) {
        let v = next_version() | 1;
        self.keys_version.set(v);
        TYPE_DICTS_VERSION.with(|c| c.set(v));
    }

    /// Shared access to the map (see the borrow rule in [`crate::list`]).
    #[inline]
    pub fn map(&self) -> Ref<'_, DictMap> {
        self.map.borrow()
    }

    /// Mutable access that does not change the set of keys (values only).
    #[inline]
    pub fn map_mut_values(&self) -> RefMut<'_, DictMap> {
        self.map.borrow_mut()
    }

    /// Number of items.
    #[inline]
    pub fn len(&self) -> usize {
        self.map.borrow().len()
    }

    /// Whether the dict is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Looks a key up by precomputed hash.
    #[inline]
    pub fn get_hashed(&self, key: &Value, hash: i64) -> Option<Value> {
        self.map.borrow().get(&KeyRef { hash, value: key }).cloned()
    }

    /// Whether the dict has a key, by precomputed hash (the value is not copied).
    #[inline]
    pub fn contains_hashed(&self, key: &Value, hash: i64) -> bool {
        self.map
            .borrow()
            .get_index_of(&KeyRef { hash, value: key })
            .is_some()
    }

    /// The index of a key, for version-checked caches.
    #[inline]
    pub fn index_of(&self, key: &Value, hash: i64) -> Option<usize> {
        self.map.borrow().get_index_of(&KeyRef { hash, value: key })
    }

    /// The value at `index` (valid while `keys_version` is unchanged).
    #[inline]
    pub fn value_at(&self, index: usize) -> Option<Value> {
        self.map.borrow().get_index(index).map(|(_, v)| v.clone())
    }

    /// The value at `index` if the key there is the string `key` (an attribute cache's
    /// check that its remembered index still holds the name).
    #[inline]
    pub fn value_at_if_key(&self, index: usize, key: &crate::str::PyStr) -> Option<Value> {
        let map = self.map.borrow();
        match map.get_index(index) {
            Some((k, v)) if matches!(&k.value, Value::Str(s) if s.same_text(key)) => {
                Some(v.clone())
            }
            _ => None,
        }
    }

    /// Replaces the value at `index` if the key there is the string `key`, returning the old
    /// value; gives `value` back when the key differs or the dict is busy.
    #[inline]
    pub fn replace_at_if_key(
        &self,
        index: usize,
        key: &crate::str::PyStr,
        value: Value,
    ) -> Result<Value, Value> {
        let Ok(mut map) = self.map.try_borrow_mut() else {
            return Err(value);
        };
        match map.get_index_mut(index) {
            Some((k, v)) if matches!(&k.value, Value::Str(s) if s.same_text(key)) => {
                Ok(std::mem::replace(v, value))
            }
            _ => Err(value),
        }
    }

    /// Replaces the value at `index` (valid while `keys_version` is unchanged).
    #[inline]
    pub fn set_value_at(&self, index: usize, value: Value) -> bool {
        match self.map.borrow_mut().get_index_mut(index) {
            Some((_, v)) => {
                *v = value;
                true
            }
            None => false,
        }
    }

    /// Inserts or replaces; returns the previous value.
    ///
    /// One probe: an existing equal key stays (with its position) and only the value changes,
    /// as in CPython; a new key goes at the end.
    pub fn insert_hashed(&self, key: Value, hash: i64, value: Value) -> Option<Value> {
        if let Value::Instance(_) = key {
            self.user_keys.set(true);
        }
        let (_, old) = self
            .map
            .borrow_mut()
            .insert_full(DictKey { hash, value: key }, value);
        if old.is_none() {
            self.bump();
        }
        old
    }

    /// Removes a key, keeping the order of the others; returns its value.
    pub fn remove_hashed(&self, key: &Value, hash: i64) -> Option<Value> {
        let removed = self
            .map
            .borrow_mut()
            .shift_remove(&KeyRef { hash, value: key });
        if removed.is_some() {
            self.bump();
        }
        removed
    }

    /// Removes and returns the last item.
    pub fn pop_last(&self) -> Option<(Value, Value)> {
        let item = self.map.borrow_mut().pop();
        if item.is_some() {
            self.bump();
        }
        item.map(|(k, v)| (k.value, v))
    }

    /// Removes everything.
    pub fn clear(&self) {
        self.map.borrow_mut().clear();
        self.bump();
    }

    /// A copy of the (key, value) pairs in order.
    pub fn items(&self) -> Vec<(Value, Value)> {
        self.map
            .borrow()
            .iter()
            .map(|(k, v)| (k.value.clone(), v.clone()))
            .collect()
    }

    /// A copy of the keys in order.
    pub fn keys(&self) -> Vec<Value> {
        self.map.borrow().keys().map(|k| k.value.clone()).collect()
    }

    /// A copy of the values in order.
    pub fn values(&self) -> Vec<Value> {
        self.map.borrow().values().cloned().collect()
    }

    /// The (key, value) at position `i`.
    pub fn item_at(&self, i: usize) -> Option<(Value, Value)> {
        self.map
            .borrow()
            .get_index(i)
            .map(|(k, v)| (k.value.clone(), v.clone()))
    }

    /// A shallow copy.
    pub fn copy(&self) -> PyDict {
        PyDict::from_map(self.map.borrow().clone())
    }

    /// Looks up a `str` key (no allocation).
    #[inline]
    pub fn get_str(&self, name: &str) -> Option<Value> {
        self.get_str_hashed(name, crate::str::hash_str(name))
    }

    /// Looks up a `str` key whose hash the caller already has.
    #[inline]
    pub fn get_str_hashed(&self, name: &str, hash: i64) -> Option<Value> {
        self.map.borrow().get(&KeyStr { hash, text: name }).cloned()
    }

    /// Looks up a `str` key held as a string object (see [`KeyPyStr`]). A small dict (an
    /// instance's attributes) is scanned in order, comparing stored hashes, which is cheaper
    /// than probing the hash table.
    #[inline(always)]
    pub fn get_pystr(&self, key: &crate::str::PyStr) -> Option<Value> {
        let hash = key.hash();
        let map = self.map.borrow();
        if map.len() <= SMALL_SCAN {
            return map
                .iter()
                .find(|(k, _)| {
                    k.hash == hash && matches!(&k.value, Value::Str(s) if s.same_text(key))
                })
                .map(|(_, v)| v.clone());
        }
        drop(map);
        self.get_pystr_probe(key, hash)
    }

    /// Whether the dict has the string key `key` (no value is cloned).
    #[inline]
    pub fn contains_pystr(&self, key: &crate::str::PyStr) -> bool {
        let hash = key.hash();
        let map = self.map.borrow();
        if map.len() <= SMALL_SCAN {
            return map.iter().any(|(k, _)| {
                k.hash == hash && matches!(&k.value, Value::Str(s) if s.same_text(key))
            });
        }
        map.contains_key(&KeyPyStr { hash, key })
    }

    /// [`PyDict::get_pystr`] for a larger dict: one hash-table probe.
    #[inline(never)]
    fn get_pystr_probe(&self, key: &crate::str::PyStr, hash: i64) -> Option<Value> {
        self.map.borrow().get(&KeyPyStr { hash, key }).cloned()
    }

    /// The index of a `str` key held as a string object, for version-checked caches.
    #[inline]
    pub fn index_of_pystr(&self, key: &crate::str::PyStr) -> Option<usize> {
        let k = KeyPyStr {
            hash: key.hash(),
            key,
        };
        self.map.borrow().get_index_of(&k)
    }

    /// The stored keys whose hash is `hash` (cloned), found without running Python code, so
    /// that a caller can compare them with a user `__eq__` after the map is released.
    pub fn candidates(&self, hash: i64) -> Vec<Value> {
        struct Collect<'a> {
            hash: i64,
            out: &'a RefCell<Vec<Value>>,
        }
        impl Hash for Collect<'_> {
            fn hash<H: Hasher>(&self, state: &mut H) {
                state.write_i64(self.hash)
            }
        }
        impl Equivalent<DictKey> for Collect<'_> {
            fn equivalent(&self, key: &DictKey) -> bool {
                if key.hash == self.hash {
                    self.out.borrow_mut().push(key.value.clone());
                }
                false
            }
        }
        let out = RefCell::new(Vec::new());
        let _ = self.map.borrow().get_index_of(&Collect { hash, out: &out });
        out.into_inner()
    }

    /// The index of a `str` key, for version-checked caches.
    #[inline]
    pub fn index_of_str(&self, name: &str, hash: i64) -> Option<usize> {
        self.map.borrow().get_index_of(&KeyStr { hash, text: name })
    }

    /// Sets the `str` key `key`, storing that very string when the key is new (attribute
    /// names from a code object are shared, not copied, by every instance dict).
    pub fn set_str_key(&self, key: &std::rc::Rc<crate::str::PyStr>, value: Value) {
        let hash = key.hash();
        {
            let mut map = self.map.borrow_mut();
            let slot = if map.len() <= SMALL_SCAN {
                map.iter_mut()
                    .find(|(k, _)| {
                        k.hash == hash && matches!(&k.value, Value::Str(s) if s.same_text(key))
                    })
                    .map(|(_, v)| v)
            } else {
                map.get_mut(&KeyPyStr { hash, key })
            };
            if let Some(slot) = slot {
                *slot = value;
                return;
            }
        }
        self.insert_hashed(Value::Str(key.clone()), hash, value);
    }

    /// Sets a `str` key; allocates only when the key is new.
    pub fn set_str(&self, name: &str, value: Value) {
        let hash = crate::str::hash_str(name);
        if let Some(slot) = self.map.borrow_mut().get_mut(&KeyStr { hash, text: name }) {
            *slot = value;
            return;
        }
        self.insert_hashed(Value::str(name), hash, value);
    }
}
