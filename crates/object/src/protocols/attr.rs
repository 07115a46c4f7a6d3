//! Attribute access: LOAD_ATTR, STORE_ATTR, DELETE_ATTR and LOAD_METHOD.

use std::rc::Rc;

use crate::str::PyStr;

use crate::descriptors;
use crate::exception::{attribute_error, type_error, PyResult};
use crate::function::BuiltinFunction;
use crate::methods;
use crate::protocols::call::call;
use crate::protocols::{type_name, type_of};
use crate::typeobj::TypeKind;
use crate::value::Value;
use crate::vm::Vm;

/// What LOAD_METHOD found: a function to call with `self` prepended, or a plain attribute.
pub enum Method {
    /// An unbound function; call it with the object as the first argument.
    Unbound(Value),
    /// Any other attribute value; call it as is.
    Attr(Value),
}

/// An owned reference to a borrowed instance class, ending the borrow (before code that may
/// run Python, which could assign `obj.__class__`).
#[inline]
fn release(class: std::cell::Ref<'_, Rc<crate::typeobj::PyType>>) -> Rc<crate::typeobj::PyType> {
    Rc::clone(&class)
}

fn no_attr(v: &Value, name: &str) -> crate::exception::PyErr {
    match v {
        Value::Module(m) => {
            attribute_error(format!("module '{}' has no attribute '{}'", m.name, name))
        }
        Value::Type(t) => attribute_error(format!(
            "type object '{}' has no attribute '{}'",
            t.name, name
        )),
        _ => attribute_error(format!(
            "'{}' object has no attribute '{}'",
            type_name(v),
            name
        )),
    }
}

/// `obj.name` for LOAD_METHOD: avoids creating a bound method object for the common case.
pub fn load_method(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Method> {
    match obj {
        Value::Instance(inst) => {
            let class = inst.class.borrow().clone();
            if class.hooks() & crate::typeobj::HOOK_GETATTRIBUTE != 0
                && class.lookup("__getattribute__").is_some()
            {
                return get_attr(vm, obj, name).map(Method::Attr);
            }
            let class_attr = class.lookup(name);
            if let Some(attr) = &class_attr {
                if descriptors::is_data_descriptor(attr) {
                    return descriptors::descriptor_get(vm, attr.clone(), Some(obj), &class)
                        .map(Method::Attr);
                }
            }
            if let Some(v) = inst.dict.get_str(name) {
                return Ok(Method::Attr(v));
            }
            match class_attr {
                Some(f @ Value::Function(_)) => Ok(Method::Unbound(f)),
                Some(other) => {
                    descriptors::descriptor_get(vm, other, Some(obj), &class).map(Method::Attr)
                }
                None => get_attr(vm, obj, name).map(Method::Attr),
            }
        }
        Value::Module(_) | Value::Type(_) => get_attr(vm, obj, name).map(Method::Attr),
        _ => {
            // A native object's own attributes come before the generic special methods
            // (`super().__eq__` is the next class's, not a comparison of the super object).
            if let Value::Native(n) = obj {
                if let Some(v) = n.get_attr(vm, obj, name)? {
                    return Ok(Method::Attr(v));
                }
            }
            let kind = type_of(obj).kind;
            match methods::lookup(kind, name) {
                Some(func) => Ok(Method::Unbound(Value::Builtin(Rc::new(BuiltinFunction {
                    name: methods::static_name(kind, name).unwrap_or("method"),
                    func,
                    bound_self: None,
                    owner: None,
                })))),
                None => get_attr(vm, obj, name).map(Method::Attr),
            }
        }
    }
}

/// `obj.name` for a name whose `hash_str` the caller has (LOAD_ATTR has it cached with the
/// code object's names). Instances without attribute hooks take the fast path: one cached
/// type lookup and one instance-dict probe, no hashing.
#[inline]
pub fn get_attr_hashed(vm: &mut Vm, obj: &Value, name_str: &Rc<PyStr>) -> PyResult<Value> {
    if let Value::Instance(inst) = obj {
        // The class stays borrowed (not cloned) until Python code may run.
        let class = inst.class.borrow();
        let stamp = class.mro_stamp();
        let hooks = class.hooks_at(stamp);
        if hooks & (crate::typeobj::HOOK_GETATTRIBUTE | crate::typeobj::HOOK_GETATTR) == 0 {
            match class.lookup_key(name_str, stamp) {
                None => {
                    if let Some(v) = inst.dict.get_pystr(name_str) {
                        return Ok(v);
                    }
                }
                Some(attr) => {
                    if !descriptors::is_data_descriptor(&attr) {
                        if let Some(v) = inst.dict.get_pystr(name_str) {
                            return Ok(v);
                        }
                    }
                    let class = release(class);
                    return descriptors::descriptor_get(vm, attr, Some(obj), &class);
                }
            }
        }
    }
    get_attr(vm, obj, name_str.as_str())
}

/// A per-site cache for `obj.name` on instances (CPython 3.11's LOAD_ATTR_WITH_HINT and
/// STORE_ATTR_WITH_HINT; loads and stores keep separate caches, since what makes an entry
/// valid differs): the class of the instance last seen there and where the name sat in
/// its instance dict. It is valid while no class dict has changed its keys (the
/// global [`crate::dict::type_dicts_version`]; freeing a class changes it too, so an
/// address cannot be reused by another class), which means the class still has no data
/// descriptor (or setter, for stores) for the name. The dict index is only a hint: the
/// key stored there is checked on every use.
#[derive(Clone, Copy, Debug, Default)]
pub struct AttrCache {
    /// `Rc::as_ptr` of the class (0: empty).
    class: usize,
    /// The class-dicts version when filled.
    version: u64,
    /// The name's index in the instance dict.
    index: u32,
}

/// How many classes one site's cache remembers at once: a method of a base class sees
/// instances of each subclass (richards' tasks), and CPython 3.11's single-entry caches
/// would miss on every change of class.
pub const CACHE_WAYS: usize = 4;

/// A site's [`AttrCache`] entries, one per class address bucket (see [`way`]).
pub type AttrCaches = [std::cell::Cell<AttrCache>; CACHE_WAYS];

/// A site's [`MethodCache`] entries, one per class address bucket (see [`way`]).
pub type MethodCaches = [std::cell::Cell<MethodCache>; CACHE_WAYS];

/// The entry a class (by address) uses in a site's cache: direct-mapped on address bits
/// above the allocation alignment, so a lookup still checks a single entry.
#[inline(always)]
fn way(class_addr: usize) -> usize {
    ((class_addr >> 4) ^ (class_addr >> 9)) % CACHE_WAYS
}

/// The instance's class address, for comparing with an [`AttrCache`].
#[inline(always)]
fn class_addr(inst: &crate::instance::PyInstance) -> usize {
    Rc::as_ptr(&inst.class.borrow()) as usize
}

/// Fills `class`'s entry of a site's [`AttrCache`]s: the name is at `index` in the
/// instance dicts of `class` while the class-dict version is `stamp`.
fn remember(cache: &AttrCaches, class: &Rc<crate::typeobj::PyType>, stamp: u64, index: u32) {
    let addr = Rc::as_ptr(class) as usize;
    cache[way(addr)].set(AttrCache {
        class: addr,
        version: stamp,
        index,
    });
}

/// [`get_attr_hashed`] through a per-site [`AttrCache`].
#[inline]
pub fn get_attr_cached(
    vm: &mut Vm,
    obj: &Value,
    name: &Rc<PyStr>,
    cache: &AttrCaches,
) -> PyResult<Value> {
    if let Value::Instance(inst) = obj {
        let addr = class_addr(inst);
        let c = cache[way(addr)].get();
        if c.class == addr && c.version == crate::dict::type_dicts_version() {
            if let Some(v) = inst.dict.value_at_if_key(c.index as usize, name) {
                return Ok(v);
            }
        }
        return get_attr_filling(vm, obj, name, cache);
    }
    get_attr_hashed(vm, obj, name)
}

/// [`get_attr_cached`] on a miss: the full lookup, remembering where the value was found
/// when it came from the instance dict with no data descriptor in the way.
#[inline(never)]
fn get_attr_filling(
    vm: &mut Vm,
    obj: &Value,
    name: &Rc<PyStr>,
    cache: &AttrCaches,
) -> PyResult<Value> {
    if let Value::Instance(inst) = obj {
        let class = inst.class.borrow();
        let stamp = class.mro_stamp();
        if class.hooks_at(stamp) & crate::typeobj::HOOK_GETATTRIBUTE == 0 {
            let instance_first = match class.lookup_key(name, stamp) {
                None => true,
                Some(attr) => !descriptors::is_data_descriptor(&attr),
            };
            if instance_first {
                if let Some(index) = inst.dict.index_of_pystr(name) {
                    if let (Some(v), Ok(index)) = (inst.dict.value_at(index), u32::try_from(index))
                    {
                        remember(cache, &class, stamp, index);
                        return Ok(v);
                    }
                }
            }
        }
    }
    get_attr_hashed(vm, obj, name)
}

/// [`set_attr_hashed`] through a per-site [`AttrCache`].
#[inline]
pub fn set_attr_cached(
    vm: &mut Vm,
    obj: &Value,
    name: &Rc<PyStr>,
    value: Value,
    cache: &AttrCaches,
) -> PyResult<()> {
    if let Value::Instance(inst) = obj {
        let addr = class_addr(inst);
        let c = cache[way(addr)].get();
        if c.class == addr && c.version == crate::dict::type_dicts_version() {
            match inst.dict.replace_at_if_key(c.index as usize, name, value) {
                Ok(old) => {
                    old.discard();
                    return Ok(());
                }
                // A new instance being filled in the same order as the last one (`self.x =
                // x` in `__init__`): the name goes in at the end, where it went then. The
                // class was checked when the entry was made; `set_str_key` still looks for
                // the name elsewhere in the dict first.
                Err(value) if inst.dict.len() == c.index as usize => {
                    inst.dict.set_str_key(name, value);
                    inst.class
                        .borrow()
                        .note_instance_dict_len(c.index as usize + 1);
                    return Ok(());
                }
                Err(value) => return set_attr_filling(vm, obj, name, value, cache),
            }
        }
        return set_attr_filling(vm, obj, name, value, cache);
    }
    set_attr_hashed(vm, obj, name, value)
}

/// [`set_attr_cached`] on a miss: the full store, then, when the class has no hook and
/// no attribute of that name (so the value went straight into the instance dict),
/// remembers where.
#[inline(never)]
fn set_attr_filling(
    vm: &mut Vm,
    obj: &Value,
    name: &Rc<PyStr>,
    value: Value,
    cache: &AttrCaches,
) -> PyResult<()> {
    set_attr_hashed(vm, obj, name, value)?;
    if let Value::Instance(inst) = obj {
        let class = inst.class.borrow();
        let stamp = class.mro_stamp();
        let hooks = class.hooks_at(stamp);
        if hooks & (crate::typeobj::HOOK_SETATTR | crate::typeobj::HOOK_SLOTS) == 0
            && class.lookup_key(name, stamp).is_none()
        {
            if let Some(Ok(index)) = inst.dict.index_of_pystr(name).map(u32::try_from) {
                remember(cache, &class, stamp, index);
            }
        }
    }
    Ok(())
}

/// A per-site cache for LOAD_METHOD on instances (CPython 3.11's LOAD_METHOD_WITH_DICT):
/// the class last seen there and where along its MRO the method was found. Valid while
/// no class dict has changed its keys (as [`AttrCache`]); the function is re-read from
/// that place on every use, so `C.m = g` is seen at once, and the instance dict is still
/// checked for a shadowing attribute.
#[derive(Clone, Copy, Debug, Default)]
pub struct MethodCache {
    /// `Rc::as_ptr` of the class (0: empty).
    class: usize,
    /// The class-dicts version when filled.
    version: u64,
    /// Position in the class's MRO (0: the class itself).
    position: u32,
    /// Index in that class dict.
    index: u32,
}

/// [`load_method_hashed`] through a per-site [`MethodCache`].
#[inline]
pub fn load_method_cached(
    vm: &mut Vm,
    obj: &Value,
    name: &Rc<PyStr>,
    cache: &MethodCaches,
) -> PyResult<Method> {
    if let Value::Instance(inst) = obj {
        let class = inst.class.borrow();
        let addr = Rc::as_ptr(&class) as usize;
        let c = cache[way(addr)].get();
        if c.class == addr && c.version == crate::dict::type_dicts_version() {
            if let Some(f @ Value::Function(_)) = class.value_in_mro(c.position, c.index) {
                if !inst.dict.contains_pystr(name) {
                    return Ok(Method::Unbound(f));
                }
            }
        }
        drop(class);
        return load_method_filling(vm, obj, name, cache);
    }
    load_method_hashed(vm, obj, name)
}

/// [`load_method_cached`] on a miss: the full lookup, remembering where a plain function
/// was found in the class when no instance attribute shadows it.
#[inline(never)]
fn load_method_filling(
    vm: &mut Vm,
    obj: &Value,
    name: &Rc<PyStr>,
    cache: &MethodCaches,
) -> PyResult<Method> {
    let found = load_method_hashed(vm, obj, name)?;
    if let (Method::Unbound(Value::Function(_)), Value::Instance(inst)) = (&found, obj) {
        let class = inst.class.borrow();
        let stamp = class.mro_stamp();
        if class.hooks_at(stamp) & crate::typeobj::HOOK_GETATTRIBUTE == 0 {
            if let Some((position, index)) = class.lookup_location(name, stamp) {
                cache[way(Rc::as_ptr(&class) as usize)].set(MethodCache {
                    class: Rc::as_ptr(&class) as usize,
                    version: stamp,
                    position,
                    index,
                });
            }
        }
    }
    Ok(found)
}

/// `obj.name` for LOAD_METHOD with the name's hash known (see [`get_attr_hashed`]).
#[inline]
pub fn load_method_hashed(vm: &mut Vm, obj: &Value, name_str: &Rc<PyStr>) -> PyResult<Method> {
    let name = name_str.as_str();
    if let Value::Instance(inst) = obj {
        // The class stays borrowed (not cloned) until Python code may run.
        let class = inst.class.borrow();
        let stamp = class.mro_stamp();
        if class.hooks_at(stamp) & crate::typeobj::HOOK_GETATTRIBUTE == 0 {
            let class_attr = class.lookup_key(name_str, stamp);
            let data_descriptor = matches!(&class_attr, Some(attr)
                if !matches!(attr, Value::Function(_)) && descriptors::is_data_descriptor(attr));
            if !data_descriptor {
                if let Some(v) = inst.dict.get_pystr(name_str) {
                    return Ok(Method::Attr(v));
                }
            }
            return match class_attr {
                Some(f @ Value::Function(_)) => Ok(Method::Unbound(f)),
                Some(other) => {
                    let class = release(class);
                    descriptors::descriptor_get(vm, other, Some(obj), &class).map(Method::Attr)
                }
                None => {
                    drop(class);
                    get_attr(vm, obj, name).map(Method::Attr)
                }
            };
        }
    }
    if let Some(kind) = plain_builtin_kind(obj) {
        if let Some(f) = cached_builtin_method(kind, name_str) {
            return Ok(Method::Unbound(f));
        }
    }
    load_method(vm, obj, name)
}

/// The type kind of a value of an exact built-in type with a method table (the same as
/// `type_of(obj).kind`, without touching the type object).
#[inline]
fn plain_builtin_kind(obj: &Value) -> Option<TypeKind> {
    Some(match obj {
        Value::Str(_) => TypeKind::Str,
        Value::List(_) => TypeKind::List,
        Value::Dict(_) => TypeKind::Dict,
        Value::Set(_) => TypeKind::Set,
        Value::FrozenSet(_) => TypeKind::FrozenSet,
        Value::Tuple(_) => TypeKind::Tuple,
        Value::Int(_) | Value::BigInt(_) => TypeKind::Int,
        Value::Bool(_) => TypeKind::Bool,
        Value::Float(_) => TypeKind::Float,
        Value::Bytes(_) => TypeKind::Bytes,
        Value::ByteArray(_) => TypeKind::ByteArray,
        _ => return None,
    })
}

/// Slots of the built-in method cache (direct-mapped by name hash and kind).
const METHOD_CACHE_SLOTS: usize = 64;

/// One slot: the type kind, the method name (as the code object holds it) and the function.
type MethodCacheSlot = Option<(TypeKind, Rc<PyStr>, Value)>;

thread_local! {
    static METHOD_CACHE: std::cell::RefCell<[MethodCacheSlot; METHOD_CACHE_SLOTS]> =
        const { std::cell::RefCell::new([const { None }; METHOD_CACHE_SLOTS]) };
}

/// `kind`'s method `name` as the function object LOAD_METHOD pushes (`xs.append(x)`),
/// created once per (kind, name) instead of once per call: the object is only ever
/// called with `self` prepended, never seen by Python code. `None` if `kind` has no
/// such method (the caller then takes the general path and its error).
fn cached_builtin_method(kind: TypeKind, name: &Rc<PyStr>) -> Option<Value> {
    let slot = (name.hash() as usize ^ (kind as usize).wrapping_mul(0x9E37)) % METHOD_CACHE_SLOTS;
    let hit = METHOD_CACHE.with(|c| match &c.borrow()[slot] {
        Some((k, n, f)) if *k == kind && (Rc::ptr_eq(n, name) || n.as_str() == name.as_str()) => {
            Some(f.clone())
        }
        _ => None,
    });
    if hit.is_some() {
        return hit;
    }
    let func = methods::lookup(kind, name.as_str())?;
    let f = Value::Builtin(Rc::new(BuiltinFunction {
        name: methods::static_name(kind, name.as_str()).unwrap_or("method"),
        func,
        bound_self: None,
        owner: None,
    }));
    METHOD_CACHE.with(|c| c.borrow_mut()[slot] = Some((kind, name.clone(), f.clone())));
    Some(f)
}

/// `obj.name = value` for STORE_ATTR with the name's hash known: instances without
/// `__setattr__` or `__slots__` store straight into their dict after the descriptor check.
#[inline]
pub fn set_attr_hashed(
    vm: &mut Vm,
    obj: &Value,
    name_str: &Rc<PyStr>,
    value: Value,
) -> PyResult<()> {
    let name = name_str.as_str();
    if let Value::Instance(inst) = obj {
        if name == "__class__" {
            return set_class(inst, value);
        }
        let class = inst.class.borrow();
        let stamp = class.mro_stamp();
        let hooks = class.hooks_at(stamp);
        if hooks & crate::typeobj::HOOK_SETATTR == 0 {
            let class_attr = class.lookup_key(name_str, stamp);
            if class_attr.is_none()
                && (hooks & crate::typeobj::HOOK_SLOTS == 0 || class.slot_known(name_str, stamp))
            {
                // No descriptor and no `__slots__` restriction: straight into the dict.
                drop(class);
                inst.dict.set_str_key(name_str, value);
                inst.class.borrow().note_instance_dict_len(inst.dict.len());
                return Ok(());
            }
            // Python code may run from here on (setters, `__slots__` iteration).
            let class = release(class);
            let had_class_attr = class_attr.is_some();
            if let Some(attr) = class_attr {
                if descriptors::descriptor_set(vm, &attr, obj, value.clone())? {
                    return Ok(());
                }
            }
            if hooks & crate::typeobj::HOOK_SLOTS != 0 && !class.slot_known(name_str, stamp) {
                // What `generic_set_attr` checks, remembered per name once allowed.
                if !slots_allow(vm, &class, name)? {
                    return Err(slots_refusal(&class, name, had_class_attr));
                }
                class.remember_slot(name_str, stamp);
            }
            inst.dict.set_str_key(name_str, value);
            return Ok(());
        }
    }
    set_attr(vm, obj, name, value)
}

/// `obj.name`.
pub fn get_attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Value> {
    match obj {
        Value::Module(m) => match m.dict.get_str(name) {
            Some(v) => Ok(v),
            None => match name {
                "__dict__" => Ok(Value::Dict(m.dict.clone())),
                _ => Err(no_attr(obj, name)),
            },
        },
        Value::Instance(inst) => {
            let class = inst.class.borrow().clone();
            let hooks = class.hooks();
            let r = if hooks & crate::typeobj::HOOK_GETATTRIBUTE != 0 {
                match class.lookup("__getattribute__") {
                    Some(ga) => call(vm, &ga, &[obj.clone(), Value::str(name)], &[]),
                    None => generic_get_attr(vm, obj, name),
                }
            } else {
                generic_get_attr(vm, obj, name)
            };
            match r {
                Err(e)
                    if e.is_instance_of("AttributeError")
                        && hooks & crate::typeobj::HOOK_GETATTR != 0 =>
                {
                    if let Some(getattr) = class.lookup("__getattr__") {
                        return call(vm, &getattr, &[obj.clone(), Value::str(name)], &[]);
                    }
                    Err(e)
                }
                other => other,
            }
        }
        Value::Type(t) => {
            if let Some(v) = t.lookup(name) {
                return descriptors::descriptor_get(vm, v, None, t);
            }
            match name {
                "__name__" => return Ok(Value::str(&t.name)),
                "__qualname__" => return Ok(Value::str(&t.qualname)),
                "__module__" => return Ok(Value::str(&t.module)),
                "__mro__" => {
                    return Ok(Value::tuple(t.mro().into_iter().map(Value::Type).collect()))
                }
                "__bases__" => {
                    return Ok(Value::tuple(
                        t.bases.iter().cloned().map(Value::Type).collect(),
                    ))
                }
                "__base__" => {
                    return Ok(t
                        .bases
                        .first()
                        .cloned()
                        .map(Value::Type)
                        .unwrap_or(Value::None))
                }
                "__dict__" => return Ok(Value::Dict(t.dict.clone())),
                "__doc__" => return Ok(Value::None),
                "__class__" => return Ok(Value::Type(type_of(obj))),
                _ => {}
            }
            if !t.builtin {
                if let Some(v) = inherited_builtin_attr(vm, t, obj, name)? {
                    return Ok(v);
                }
            }
            if let Some(meta) = t.metaclass() {
                if let Some(v) = meta.lookup(name) {
                    return descriptors::descriptor_get(vm, v, Some(obj), &meta);
                }
            }
            if t.builtin {
                if let Some(v) = builtin_special_attr(t, obj, name) {
                    return Ok(v);
                }
            }
            if let Some((sname, func, _)) = crate::subclass::builtin_special(TypeKind::Type, name)
                .filter(|_| matches!(name, "__subclasses__" | "mro"))
            {
                return Ok(Value::Builtin(Rc::new(BuiltinFunction {
                    name: sname,
                    func,
                    bound_self: Some(obj.clone()),
                    owner: None,
                })));
            }
            if t.builtin {
                if let Some(v) = builtin_method_attr(vm, t, obj, name)? {
                    return Ok(v);
                }
            }
            Err(no_attr(obj, name))
        }
        Value::Native(n) => match n.get_attr(vm, obj, name)? {
            Some(v) => Ok(v),
            None => Err(no_attr(obj, name)),
        },
        _ => {
            if name == "__class__" {
                return Ok(Value::Type(type_of(obj)));
            }
            let kind = type_of(obj).kind;
            if let Some(v) = methods::get_property(vm, obj, name)? {
                return Ok(v);
            }
            if kind == TypeKind::Exception {
                if let Value::Exception(e) = obj {
                    if let Some(v) = e.get_attr(name) {
                        return Ok(v);
                    }
                    if let Some(attr) = e.class.lookup(name) {
                        return descriptors::descriptor_get(vm, attr, Some(obj), &e.class.clone());
                    }
                    if let Some(m) = crate::exception_group::exception_method(e, obj, name) {
                        return Ok(m);
                    }
                }
            }
            match methods::lookup(kind, name) {
                Some(func) => Ok(Value::Builtin(Rc::new(BuiltinFunction {
                    name: methods::static_name(kind, name).unwrap_or("method"),
                    func,
                    bound_self: Some(obj.clone()),
                    owner: None,
                }))),
                None => Err(no_attr(obj, name)),
            }
        }
    }
}

thread_local! {
    /// The unbound methods of built-in types handed out so far, by type kind and name.
    static UNBOUND_METHODS: std::cell::RefCell<
        std::collections::HashMap<(crate::typeobj::TypeKind, String), Value>,
    > = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// A special method a built-in type provides natively (`__new__`, `__init__`,
/// `object.__setattr__`, ...), looked up on `t` as the class `obj`.
fn builtin_special_attr(t: &Rc<crate::typeobj::PyType>, obj: &Value, name: &str) -> Option<Value> {
    let (sname, func, binding) = crate::subclass::builtin_special(t.kind, name)?;
    Some(Value::Builtin(Rc::new(BuiltinFunction {
        name: sname,
        func,
        bound_self: (binding == crate::subclass::Binding::Class).then(|| obj.clone()),
        owner: None,
    })))
}

/// A method or class attribute of the built-in type `t` (static methods unbound, class
/// methods bound to the class `obj`, which may be a subclass of `t`).
fn builtin_method_attr(
    vm: &mut Vm,
    t: &Rc<crate::typeobj::PyType>,
    obj: &Value,
    name: &str,
) -> PyResult<Option<Value>> {
    if let Some((sname, func)) = methods::static_method(t.kind, name) {
        return Ok(Some(Value::Builtin(Rc::new(BuiltinFunction {
            name: sname,
            func,
            bound_self: None,
            owner: None,
        }))));
    }
    if let Some(func) = methods::lookup(t.kind, name) {
        if methods::is_class_method(t.kind, name) {
            return Ok(Some(Value::Builtin(Rc::new(BuiltinFunction {
                name: methods::static_name(t.kind, name).unwrap_or_else(|| static_str(name)),
                func,
                bound_self: Some(obj.clone()),
                owner: None,
            }))));
        }
        // One object per type and name, as CPython keeps its method descriptors in the
        // type's dict: `list.__repr__ is list.__repr__`, and dicts keyed by them (pprint's
        // dispatch table) find them again.
        let key = (t.kind, name.to_string());
        if let Some(v) = UNBOUND_METHODS.with(|c| c.borrow().get(&key).cloned()) {
            return Ok(Some(v));
        }
        // An instance method reached through the type is a method descriptor: calling it
        // with no receiver is CPython's TypeError, checked by `call` through `owner`.
        let v = Value::Builtin(Rc::new(BuiltinFunction {
            name: methods::static_name(t.kind, name).unwrap_or_else(|| static_str(name)),
            func,
            bound_self: None,
            owner: Some(static_str(&t.name)),
        }));
        UNBOUND_METHODS.with(|c| c.borrow_mut().insert(key, v.clone()));
        return Ok(Some(v));
    }
    methods::class_attr(vm, t, name)
}

/// `Cls.name` for a user class `t` (the class value `obj`) whose own MRO dicts lack `name`:
/// what its built-in bases provide (`MyDict.fromkeys`, `MyList.append`, `Cls.__init__`
/// from `object`), as their slots sit in CPython's MRO before the metaclass is consulted.
fn inherited_builtin_attr(
    vm: &mut Vm,
    t: &Rc<crate::typeobj::PyType>,
    obj: &Value,
    name: &str,
) -> PyResult<Option<Value>> {
    for base in t.mro().iter().filter(|b| b.builtin) {
        if let Some(v) = builtin_special_attr(base, obj, name) {
            return Ok(Some(v));
        }
        if let Some(v) = builtin_method_attr(vm, base, obj, name)? {
            return Ok(Some(with_owner(v, base)));
        }
    }
    Ok(None)
}

/// An unbound method of a built-in base marked as a method descriptor, so that calling it
/// with no `self` is CPython's TypeError (`descriptor 'x' of 'object' object needs an
/// argument`) rather than reaching the implementation without its receiver.
fn with_owner(v: Value, base: &Rc<crate::typeobj::PyType>) -> Value {
    match &v {
        Value::Builtin(b) if b.bound_self.is_none() && b.owner.is_none() => {
            Value::Builtin(Rc::new(BuiltinFunction {
                name: b.name,
                func: b.func,
                bound_self: None,
                owner: Some(static_str(&base.name)),
            }))
        }
        _ => v,
    }
}

thread_local! {
    static TYPE_NAMES: std::cell::RefCell<Vec<&'static str>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The name of a built-in type or of one of its methods as a `'static` string (for
/// [`BuiltinFunction`]): leaked once per distinct name, and the built-in types and their
/// methods are a fixed, small set.
fn static_str(name: &str) -> &'static str {
    TYPE_NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(n) = names.iter().find(|n| **n == name) {
            return *n;
        }
        let n: &'static str = Box::leak(name.to_string().into_boxed_str());
        names.push(n);
        n
    })
}

/// `obj.name = value`.
pub fn set_attr(vm: &mut Vm, obj: &Value, name: &str, value: Value) -> PyResult<()> {
    match obj {
        Value::Instance(inst) => {
            let class = inst.class.borrow().clone();
            if class.hooks() & crate::typeobj::HOOK_SETATTR == 0 {
                return generic_set_attr(vm, obj, name, value);
            }
            if let Some(attr) = class.lookup(name) {
                if descriptors::descriptor_set(vm, &attr, obj, value.clone())? {
                    return Ok(());
                }
            }
            if let Some(setattr) = class.lookup("__setattr__") {
                call(vm, &setattr, &[obj.clone(), Value::str(name), value], &[])?;
                return Ok(());
            }
            generic_set_attr(vm, obj, name, value)
        }
        _ => set_attr_other(vm, obj, name, value),
    }
}

/// `obj.__class__ = value`: switches the instance to another user-defined class.
fn set_class(inst: &crate::instance::PyInstance, value: Value) -> PyResult<()> {
    match value {
        Value::Type(t) if !t.builtin => {
            *inst.class.borrow_mut() = t;
            Ok(())
        }
        Value::Type(_) => Err(type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        )),
        other => Err(type_error(format!(
            "__class__ must be set to a class, not '{}' object",
            type_name(&other)
        ))),
    }
}

/// `object.__setattr__(obj, name, value)`: descriptors, then the instance dict.
pub fn generic_set_attr(vm: &mut Vm, obj: &Value, name: &str, value: Value) -> PyResult<()> {
    match obj {
        Value::Instance(inst) if name == "__class__" => set_class(inst, value),
        Value::Instance(inst) => {
            let class = inst.class.borrow().clone();
            if let Some(attr) = class.lookup(name) {
                if descriptors::descriptor_set(vm, &attr, obj, value.clone())? {
                    return Ok(());
                }
            }
            if class.hooks() & crate::typeobj::HOOK_SLOTS != 0 && !slots_allow(vm, &class, name)? {
                let has_class_attr = class.lookup(name).is_some();
                return Err(slots_refusal(&class, name, has_class_attr));
            }
            inst.dict.set_str(name, value);
            Ok(())
        }
        _ => set_attr_other(vm, obj, name, value),
    }
}

fn set_attr_other(vm: &mut Vm, obj: &Value, name: &str, value: Value) -> PyResult<()> {
    match obj {
        Value::Module(m) => {
            m.dict.set_str(name, value);
            Ok(())
        }
        Value::Type(t) if !t.builtin => {
            t.dict.set_str(name, value);
            Ok(())
        }
        Value::Type(t) => Err(type_error(format!(
            "cannot set '{}' attribute of immutable type '{}'",
            name, t.name
        ))),
        Value::Exception(e) => {
            match name {
                "__cause__" => {
                    *e.cause.borrow_mut() = value;
                    e.suppress_context.set(true);
                }
                "__context__" => *e.context.borrow_mut() = value,
                "__suppress_context__" => e
                    .suppress_context
                    .set(crate::protocols::truth::is_true(vm, &value)?),
                "args" => {
                    let items = crate::protocols::iter::collect(vm, &value)?;
                    *e.args.borrow_mut() = Rc::new(crate::tuple::PyTuple::new(items));
                }
                _ => e.set_attr(name, value),
            }
            Ok(())
        }
        Value::Function(f) => {
            match name {
                "__name__" => *f.name.borrow_mut() = value,
                "__qualname__" => *f.qualname.borrow_mut() = value,
                "__doc__" => *f.doc.borrow_mut() = value,
                _ => {
                    let mut d = f.dict.borrow_mut();
                    d.get_or_insert_with(|| Rc::new(crate::dict::PyDict::new()))
                        .set_str(name, value);
                }
            }
            Ok(())
        }
        Value::Native(_)
            if name == "__doc__" && descriptors::set_property_doc(obj, value.clone()) =>
        {
            Ok(())
        }
        _ => {
            let has = methods::lookup(type_of(obj).kind, name).is_some();
            Err(attribute_error(if has {
                format!(
                    "'{}' object attribute '{}' is read-only",
                    type_name(obj),
                    name
                )
            } else {
                format!("'{}' object has no attribute '{}'", type_name(obj), name)
            }))
        }
    }
}

/// `del obj.name`.
pub fn del_attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<()> {
    match obj {
        Value::Instance(inst) => {
            let class = inst.class.borrow().clone();
            if let Some(attr) = class.lookup(name) {
                if let Some(p) = descriptors::as_property(&attr) {
                    if p.fdel.is_none() {
                        return Err(p.missing(obj, "deleter"));
                    }
                    let fdel = p.fdel.clone();
                    call(vm, &fdel, std::slice::from_ref(obj), &[])?;
                    return Ok(());
                }
                if let Some(del) = crate::protocols::call::lookup_special(&attr, "__delete__") {
                    call(vm, &del, &[attr.clone(), obj.clone()], &[])?;
                    return Ok(());
                }
            }
            if let Some(delattr) = class.lookup("__delattr__") {
                call(vm, &delattr, &[obj.clone(), Value::str(name)], &[])?;
                return Ok(());
            }
            if class.hooks() & crate::typeobj::HOOK_SLOTS != 0
                && class.lookup(name).is_some()
                && !slots_allow(vm, &class, "__dict__")?
            {
                return Err(slots_refusal(&class, name, true));
            }
            let key = Value::str(name);
            let hash = crate::str::hash_str(name);
            match inst.dict.remove_hashed(&key, hash) {
                Some(_) => Ok(()),
                // An empty slot: CPython's member descriptor names only the attribute.
                None if class.hooks() & crate::typeobj::HOOK_SLOTS != 0
                    && declares_slot(vm, &class, name)? =>
                {
                    Err(attribute_error(name.to_string()))
                }
                None => Err(no_attr(obj, name)),
            }
        }
        Value::Module(m) => {
            let key = Value::str(name);
            match m.dict.remove_hashed(&key, crate::str::hash_str(name)) {
                Some(_) => Ok(()),
                None => Err(no_attr(obj, name)),
            }
        }
        Value::Type(t) if !t.builtin => {
            let key = Value::str(name);
            match t.dict.remove_hashed(&key, crate::str::hash_str(name)) {
                Some(_) => Ok(()),
                None => Err(no_attr(obj, name)),
            }
        }
        _ => Err(no_attr(obj, name)),
    }
}

/// Whether some class in `class`'s MRO names `name` in its `__slots__`.
fn declares_slot(vm: &mut Vm, class: &Rc<crate::typeobj::PyType>, name: &str) -> PyResult<bool> {
    for t in class.mro() {
        let Some(slots) = t.dict.get_str("__slots__") else {
            continue;
        };
        let names = match &slots {
            Value::Str(_) => vec![slots.clone()],
            other => crate::protocols::iter::collect(vm, other)?,
        };
        if names.iter().any(|n| n.as_str() == Some(name)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The AttributeError for storing (or deleting) `name` on an instance of `class` whose
/// `__slots__` leave it no `__dict__`: a name the class defines (a plain class attribute)
/// is "read-only", any other is missing.
pub(crate) fn slots_refusal(
    class: &crate::typeobj::PyType,
    name: &str,
    has_class_attr: bool,
) -> crate::exception::PyErr {
    attribute_error(if has_class_attr {
        format!("'{}' object attribute '{}' is read-only", class.name, name)
    } else {
        format!("'{}' object has no attribute '{}'", class.name, name)
    })
}

/// With `__slots__` (and no `__dict__` slot) anywhere in a user class's MRO, only the named
/// attributes may be set.
fn slots_allow(vm: &mut Vm, class: &Rc<crate::typeobj::PyType>, name: &str) -> PyResult<bool> {
    let mut restricted = false;
    for t in class.mro() {
        if t.builtin {
            continue;
        }
        match t.dict.get_str("__slots__") {
            None => return Ok(true),
            Some(slots) => {
                restricted = true;
                let allows =
                    |n: &Value| matches!(n.as_str(), Some(s) if s == name || s == "__dict__");
                let found = match &slots {
                    Value::Str(_) => allows(&slots),
                    Value::Tuple(t) => t.as_slice().iter().any(allows),
                    other => crate::protocols::iter::collect(vm, other)?
                        .iter()
                        .any(allows),
                };
                if found {
                    return Ok(true);
                }
            }
        }
    }
    Ok(!restricted)
}

/// `object.__getattribute__(obj, name)`: data descriptors, the instance dict, class
/// attributes, then the methods of a built-in base (no `__getattr__`).
pub fn generic_get_attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Value> {
    let Value::Instance(inst) = obj else {
        return get_attr(vm, obj, name);
    };
    let class = inst.class.borrow().clone();
    let class_attr = class.lookup(name);
    if let Some(attr) = &class_attr {
        if descriptors::is_data_descriptor(attr) {
            return descriptors::descriptor_get(vm, attr.clone(), Some(obj), &class);
        }
    }
    if let Some(v) = inst.dict.get_str(name) {
        return Ok(v);
    }
    if let Some(attr) = class_attr {
        return descriptors::descriptor_get(vm, attr, Some(obj), &class);
    }
    match name {
        "__class__" => return Ok(Value::Type(class)),
        // Instances of `object` itself have no `__dict__`.
        "__dict__"
            if !class.builtin
                && (class.hooks() & crate::typeobj::HOOK_SLOTS == 0
                    || slots_allow(vm, &class, "__dict__")?) =>
        {
            return Ok(Value::Dict(inst.dict.clone()))
        }
        _ => {}
    }
    if let Some(base) = crate::instance::base_value(obj) {
        let kind = type_of(&base).kind;
        if let Some(func) = methods::lookup(kind, name) {
            return Ok(Value::Builtin(Rc::new(BuiltinFunction {
                name: methods::static_name(kind, name).unwrap_or("method"),
                func,
                bound_self: Some(base),
                owner: None,
            })));
        }
        if let Some(v) = methods::get_property(vm, &base, name)? {
            return Ok(v);
        }
    }
    // The methods every instance inherits from `object` (`obj.__eq__(x)`, `obj.__init__`).
    if let Some(v) = object_method(obj, &class, name) {
        return Ok(v);
    }
    Err(no_attr(obj, name))
}

/// `obj.name` for a method of `object` (its slot wrappers and `__init__`, `__setattr__`,
/// ...), bound to `obj` (`__init_subclass__` to its class).
fn object_method(obj: &Value, class: &Rc<crate::typeobj::PyType>, name: &str) -> Option<Value> {
    let (fname, func, bound_self) = match methods::lookup(TypeKind::Object, name) {
        Some(func) => (
            methods::static_name(TypeKind::Object, name).unwrap_or("method"),
            func,
            obj.clone(),
        ),
        None => {
            let (fname, func, binding) = crate::subclass::builtin_special(TypeKind::Object, name)?;
            let bound_self = match binding {
                crate::subclass::Binding::Instance => obj.clone(),
                crate::subclass::Binding::Class => Value::Type(class.clone()),
                crate::subclass::Binding::Static => return None,
            };
            (fname, func, bound_self)
        }
    };
    Some(Value::Builtin(Rc::new(BuiltinFunction {
        name: fname,
        func,
        bound_self: Some(bound_self),
        owner: None,
    })))
}
