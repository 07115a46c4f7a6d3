//! The `random` module: CPython's Mersenne Twister (`Modules/_randommodule.c`) and the
//! pure-Python algorithms of `Lib/random.py` (3.11) on top of it, so that a seeded
//! generator produces exactly CPython's numbers.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive};

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{index_error, type_error, value_error, PyResult};
use rpvm_object::function::{BuiltinFunction, NativeFn};
use rpvm_object::instance::PyInstance;
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::arith::{binary_op, BinOp};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{compare_bool, CompareOp};
use rpvm_object::protocols::convert::as_bigint;
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::subscript::{get_item, set_item};
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::{PyType, TypeKind};
use rpvm_object::{Value, Vm};

use crate::args::{index_bigint, kwonly, npos, parse};
use crate::iterators::length;

const N: usize = 624;
const M: usize = 397;

/// The generator state: MT19937 plus `gauss_next`.
#[derive(Debug, Clone)]
struct Mt {
    state: [u32; N],
    index: usize,
    gauss_next: Option<f64>,
}

impl Mt {
    fn new() -> Mt {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
            gauss_next: None,
        };
        m.seed_time();
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        let mut k = N.max(key.len());
        while k > 0 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            k -= 1;
        }
        mt[0] = 0x8000_0000;
        self.index = N;
    }

    fn seed_time(&mut self) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mixed = now ^ ((std::process::id() as u128) << 64);
        let key: Vec<u32> = (0..4).map(|i| (mixed >> (32 * i)) as u32).collect();
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    fn seed_bigint(&mut self, n: &BigInt) {
        let mut key = n.magnitude().to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    fn genrand(&mut self) -> u32 {
        const MAG01: [u32; 2] = [0, 0x9908_b0df];
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        if self.index >= N {
            let mt = &mut self.state;
            let mut kk = 0;
            while kk < N - M {
                let y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
                mt[kk] = mt[kk + M] ^ (y >> 1) ^ MAG01[(y & 1) as usize];
                kk += 1;
            }
            while kk < N - 1 {
                let y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
                mt[kk] = mt[kk + M - N] ^ (y >> 1) ^ MAG01[(y & 1) as usize];
                kk += 1;
            }
            let y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
            mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ MAG01[(y & 1) as usize];
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    fn random(&mut self) -> f64 {
        let a = (self.genrand() >> 5) as f64;
        let b = (self.genrand() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// `getrandbits(k)` for `k <= 64`.
    fn bits64(&mut self, k: u64) -> u64 {
        if k == 0 {
            0
        } else if k <= 32 {
            (self.genrand() >> (32 - k)) as u64
        } else {
            let lo = self.genrand() as u64;
            let hi = (self.genrand() >> (64 - k)) as u64;
            lo | (hi << 32)
        }
    }

    fn bits_big(&mut self, k: u64) -> BigInt {
        if k <= 64 {
            return BigInt::from(self.bits64(k));
        }
        let words = k.div_ceil(32) as usize;
        let mut out = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.genrand();
            if left < 32 {
                r >>= 32 - left;
            }
            out.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_biguint(Sign::Plus, BigUint::new(out))
    }

    /// `_randbelow_with_getrandbits(n)` for `n > 0`.
    fn below_u64(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros() as u64;
        let mut r = self.bits64(k);
        while r >= n {
            r = self.bits64(k);
        }
        r
    }

    fn below(&mut self, n: &BigInt) -> BigInt {
        if let Some(s) = n.to_u64() {
            return BigInt::from(self.below_u64(s));
        }
        let k = n.bits();
        let mut r = self.bits_big(k);
        while &r >= n {
            r = self.bits_big(k);
        }
        r
    }
}

/// The generator state of a `random.Random` instance (kept in the instance's built-in
/// base slot, so `Random` can be subclassed).
#[derive(Debug, Clone)]
pub struct RandomObj {
    mt: Rc<RefCell<Mt>>,
}

/// A non-subclassable native type `module.name` deriving from `object`.
pub fn native_type(name: &str, module: &str) -> Rc<PyType> {
    let object = rpvm_object::typeobj::builtin_types().object.clone();
    let t = PyType::new_builtin(name, TypeKind::Native, vec![object]);
    match Rc::try_unwrap(t) {
        Ok(mut t) => {
            t.module = module.to_string();
            t.subclassable = false;
            Rc::new(t)
        }
        Err(t) => t,
    }
}

thread_local! {
    static RANDOM_TYPE: Rc<PyType> = native_type("_random.Random", "random");
}

const METHODS: &[(&str, NativeFn)] = &[
    ("seed", r_seed),
    ("random", r_random),
    ("getrandbits", r_getrandbits),
    ("randrange", r_randrange),
    ("randint", r_randint),
    ("choice", r_choice),
    ("choices", r_choices),
    ("shuffle", r_shuffle),
    ("sample", r_sample),
    ("uniform", r_uniform),
    ("gauss", r_gauss),
    ("normalvariate", r_normalvariate),
    ("expovariate", r_expovariate),
    ("triangular", r_triangular),
    ("lognormvariate", r_lognormvariate),
    ("vonmisesvariate", r_vonmisesvariate),
    ("gammavariate", r_gammavariate),
    ("betavariate", r_betavariate),
    ("paretovariate", r_paretovariate),
    ("weibullvariate", r_weibullvariate),
    ("randbytes", r_randbytes),
    ("getstate", r_getstate),
    ("setstate", r_setstate),
];

impl NativeObject for RandomObj {
    fn class(&self) -> Rc<PyType> {
        RANDOM_TYPE.with(|t| t.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(METHODS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, f)| bound(n, *f, self_value)))
    }
}

fn bound(name: &'static str, func: NativeFn, s: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(s.clone()),
        owner: None,
    }))
}

fn state_of(v: &Value) -> Option<RandomObj> {
    let n = match v {
        Value::Native(n) => n.clone(),
        Value::Instance(i) => match i.builtin_base.borrow().clone() {
            Some(Value::Native(n)) => n,
            _ => return None,
        },
        _ => return None,
    };
    n.as_any().downcast_ref::<RandomObj>().cloned()
}

fn this(args: &[Value]) -> PyResult<(RandomObj, &[Value])> {
    match args.split_first() {
        Some((v, rest)) => match state_of(v) {
            Some(r) => Ok((r, rest)),
            None => Err(type_error("descriptor requires a 'Random' object")),
        },
        _ => Err(type_error("descriptor requires a 'Random' object")),
    }
}

/// `self.random()`: the generator directly, unless a subclass overrides `random`.
fn rnd(vm: &mut Vm, self_: &Value, r: &RandomObj) -> PyResult<f64> {
    if let Value::Instance(i) = self_ {
        let cls = i.class.borrow().clone();
        let base = random_class(vm);
        if !Rc::ptr_eq(&cls, &base) {
            let mine = cls.lookup("random");
            let orig = base.dict.get_str("random");
            if let (Some(m), Some(o)) = (mine, orig) {
                if !m.is(&o) {
                    let f = rpvm_object::protocols::attr::get_attr(vm, self_, "random")?;
                    let v = call(vm, &f, &[], &[])?;
                    return rpvm_object::protocols::convert::as_f64(&v)?
                        .ok_or_else(|| type_error("must be real number"));
                }
            }
        }
    }
    Ok(r.mt.borrow_mut().random())
}

fn int_value(b: BigInt) -> Value {
    Value::from_bigint(b)
}

// ---------- sha512 (for seeding with str/bytes, version 2) ----------

const K512: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// SHA-512 of `data`.
pub fn sha512(data: &[u8]) -> [u8; 64] {
    let mut h: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];
    let mut msg = data.to_vec();
    let bitlen = (data.len() as u128) * 8;
    msg.push(0x80);
    while msg.len() % 128 != 112 {
        msg.push(0);
    }
    msg.extend_from_slice(&bitlen.to_be_bytes());
    for chunk in msg.chunks(128) {
        let mut w = [0u64; 80];
        for (i, wi) in w.iter_mut().take(16).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&chunk[i * 8..i * 8 + 8]);
            *wi = u64::from_be_bytes(b);
        }
        for i in 16..80 {
            let s0 = w[i - 15].rotate_right(1) ^ w[i - 15].rotate_right(8) ^ (w[i - 15] >> 7);
            let s1 = w[i - 2].rotate_right(19) ^ w[i - 2].rotate_right(61) ^ (w[i - 2] >> 6);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..80 {
            let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K512[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 64];
    for (i, x) in h.iter().enumerate() {
        out[i * 8..i * 8 + 8].copy_from_slice(&x.to_be_bytes());
    }
    out
}

// ---------- methods ----------

fn do_seed(vm: &mut Vm, r: &RandomObj, a: Option<&Value>, version: i64) -> PyResult<()> {
    let a = match a {
        None | Some(Value::None) => {
            r.mt.borrow_mut().seed_time();
            return Ok(());
        }
        Some(a) => a,
    };
    let bytes: Option<Vec<u8>> = match a {
        Value::Str(s) => Some(s.as_str().as_bytes().to_vec()),
        Value::Bytes(b) => Some(b.to_vec()),
        Value::ByteArray(b) => Some(b.snapshot()),
        _ => None,
    };
    if let (Some(mut bytes), 2) = (bytes.clone(), version) {
        let digest = sha512(&bytes);
        bytes.extend_from_slice(&digest);
        let n = BigInt::from_bytes_be(Sign::Plus, &bytes);
        r.mt.borrow_mut().seed_bigint(&n);
        return Ok(());
    }
    match a {
        Value::Int(_) | Value::BigInt(_) => {
            let n = as_bigint(a).unwrap_or_default();
            r.mt.borrow_mut().seed_bigint(&n);
            Ok(())
        }
        Value::None
        | Value::Float(_)
        | Value::Str(_)
        | Value::Bytes(_)
        | Value::ByteArray(_)
        | Value::Bool(_) => {
            let h = hash_value(vm, a)?;
            r.mt.borrow_mut().seed_bigint(&BigInt::from(h as u64));
            Ok(())
        }
        _ => Err(type_error(
            "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
        )),
    }
}

fn r_seed(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("seed", rest, kwnames, &["a", "version"], 0, 0)?;
    let version = match &p[1] {
        Some(v) => as_bigint(v).and_then(|b| b.to_i64()).unwrap_or(2),
        None => 2,
    };
    do_seed(vm, r, p[0].as_ref(), version)?;
    Ok(Value::None)
}

fn r_random(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    crate::args::no_kwargs("random", kwnames)?;
    if !rest.is_empty() {
        return Err(type_error(format!(
            "Random.random() takes no arguments ({} given)",
            rest.len()
        )));
    }
    let x = r.mt.borrow_mut().random();
    Ok(Value::Float(x))
}

fn r_getrandbits(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let k = crate::args::one_arg("getrandbits", rest, kwnames)?;
    let k = index_bigint(vm, k)?;
    if k.is_negative() {
        return Err(value_error("number of bits must be non-negative"));
    }
    let k = k
        .to_u64()
        .ok_or_else(|| rpvm_object::exception::overflow_error("Python int too large"))?;
    let b = r.mt.borrow_mut().bits_big(k);
    Ok(int_value(b))
}

fn randbelow(r: &RandomObj, n: &BigInt) -> BigInt {
    r.mt.borrow_mut().below(n)
}

fn randbelow_usize(r: &RandomObj, n: usize) -> usize {
    r.mt.borrow_mut().below_u64(n as u64) as usize
}

fn randrange_impl(
    vm: &mut Vm,
    r: &RandomObj,
    start: &Value,
    stop: Option<&Value>,
    step: Option<&Value>,
) -> PyResult<BigInt> {
    let istart = index_bigint(vm, start)?;
    let stop = match stop {
        None | Some(Value::None) => {
            if step.is_some() {
                return Err(type_error("Missing a non-None stop argument"));
            }
            if istart.is_positive() {
                return Ok(randbelow(r, &istart));
            }
            return Err(value_error("empty range for randrange()"));
        }
        Some(s) => s,
    };
    let istop = index_bigint(vm, stop)?;
    let width = &istop - &istart;
    let istep = match step {
        Some(s) => index_bigint(vm, s)?,
        None => BigInt::from(1),
    };
    if istep == BigInt::from(1) {
        if width.is_positive() {
            return Ok(&istart + randbelow(r, &width));
        }
        return Err(value_error(format!(
            "empty range for randrange() ({istart}, {istop}, {width})"
        )));
    }
    let n = if istep.is_positive() {
        (&width + &istep - BigInt::from(1)).div_floor(&istep)
    } else if istep.is_negative() {
        (&width + &istep + BigInt::from(1)).div_floor(&istep)
    } else {
        return Err(value_error("zero step for randrange()"));
    };
    if !n.is_positive() {
        return Err(value_error("empty range for randrange()"));
    }
    Ok(istart + istep * randbelow(r, &n))
}

fn r_randrange(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("randrange", rest, kwnames, &["start", "stop", "step"], 0, 1)?;
    let start = p[0].clone().unwrap_or(Value::None);
    randrange_impl(vm, r, &start, p[1].as_ref(), p[2].as_ref()).map(int_value)
}

fn r_randint(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("randint", rest, kwnames, &["a", "b"], 0, 2)?;
    let a = p[0].clone().unwrap_or(Value::None);
    let b = p[1].clone().unwrap_or(Value::None);
    let b1 = binary_op(vm, BinOp::Add, &b, &Value::Int(1), false)?;
    randrange_impl(vm, r, &a, Some(&b1), None).map(int_value)
}

fn r_choice(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("choice", rest, kwnames, &["seq"], 0, 1)?;
    let seq = p[0].clone().unwrap_or(Value::None);
    let n = length(vm, &seq)?;
    if n == 0 {
        return Err(index_error("Cannot choose from an empty sequence"));
    }
    let i = randbelow_usize(r, n);
    get_item(vm, &seq, &Value::from(i))
}

fn r_shuffle(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("shuffle", rest, kwnames, &["x"], 0, 1)?;
    let x = p[0].clone().unwrap_or(Value::None);
    let n = length(vm, &x)?;
    for i in (1..n).rev() {
        let j = randbelow_usize(r, i + 1);
        if let Value::List(l) = &x {
            if let Some(mut v) = l.try_borrow_mut() {
                if i < v.len() && j < v.len() {
                    v.swap(i, j);
                    continue;
                }
            }
        }
        let xi = get_item(vm, &x, &Value::from(i))?;
        let xj = get_item(vm, &x, &Value::from(j))?;
        set_item(vm, &x, &Value::from(i), xj)?;
        set_item(vm, &x, &Value::from(j), xi)?;
    }
    Ok(Value::None)
}

fn is_sequence(v: &Value) -> bool {
    match v {
        Value::List(_)
        | Value::Tuple(_)
        | Value::Str(_)
        | Value::Bytes(_)
        | Value::ByteArray(_)
        | Value::Range(_) => true,
        Value::Instance(_) => {
            rpvm_object::protocols::call::lookup_special(v, "__getitem__").is_some()
                && rpvm_object::protocols::call::lookup_special(v, "__len__").is_some()
        }
        _ => false,
    }
}

fn accumulate(vm: &mut Vm, it: &Value) -> PyResult<Vec<Value>> {
    let items = rpvm_object::protocols::iter::collect(vm, it)?;
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for x in items {
        let v = match out.last() {
            Some(prev) => binary_op(vm, BinOp::Add, &prev.clone(), &x, false)?,
            None => x,
        };
        out.push(v);
    }
    Ok(out)
}

fn bisect_right(vm: &mut Vm, a: &[Value], x: &Value, hi: usize) -> PyResult<usize> {
    let (mut lo, mut hi) = (0usize, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if compare_bool(vm, x, &a[mid], CompareOp::Lt)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn sample_impl(vm: &mut Vm, r: &RandomObj, population: &Value, k: &Value) -> PyResult<Vec<Value>> {
    let n = length(vm, population)?;
    let k = index_bigint(vm, k)?;
    let k = match k.to_usize() {
        Some(k) if k <= n => k,
        _ => return Err(value_error("Sample larger than population or is negative")),
    };
    let mut result = Vec::with_capacity(k);
    let mut setsize = 21usize;
    if k > 5 {
        let e = (((k * 3) as f64).ln() / 4f64.ln()).ceil() as u32;
        setsize = setsize.saturating_add(4usize.saturating_pow(e));
    }
    if n <= setsize {
        let mut pool = rpvm_object::protocols::iter::collect(vm, population)?;
        for i in 0..k {
            let j = randbelow_usize(r, n - i);
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = randbelow_usize(r, n);
            while selected.contains(&j) {
                j = randbelow_usize(r, n);
            }
            selected.insert(j);
            result.push(get_item(vm, population, &Value::from(j))?);
        }
    }
    Ok(result)
}

fn r_sample(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let np = npos(rest, kwnames);
    // population, k positional-or-keyword; counts keyword-only.
    let mut kwn: Vec<Value> = Vec::new();
    let mut kwv: Vec<Value> = Vec::new();
    let mut counts = None;
    for (j, name) in kwnames.iter().enumerate() {
        if name.as_str() == Some("counts") {
            counts = Some(rest[np + j].clone());
        } else {
            kwn.push(name.clone());
            kwv.push(rest[np + j].clone());
        }
    }
    let mut a: Vec<Value> = rest[..np].to_vec();
    a.extend(kwv);
    let p = parse("sample", &a, &kwn, &["population", "k"], 0, 2)?;
    let population = p[0].clone().unwrap_or(Value::None);
    let k = p[1].clone().unwrap_or(Value::None);
    if !is_sequence(&population) {
        return Err(type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let n = length(vm, &population)?;
    if let Some(c) = counts.filter(|c| !c.is_none()) {
        let mut cum = accumulate(vm, &c)?;
        if cum.len() != n {
            return Err(value_error(
                "The number of counts does not match the population",
            ));
        }
        let total = cum.pop().unwrap_or(Value::Int(0));
        if !matches!(total, Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) {
            return Err(type_error("Counts must be integers"));
        }
        if !as_bigint(&total).unwrap_or_default().is_positive() {
            return Err(value_error("Total of counts must be greater than zero"));
        }
        let range = rpvm_object::protocols::call::call(
            vm,
            &vm.builtins.get_str("range").unwrap_or(Value::None),
            &[total],
            &[],
        )?;
        let selections = sample_impl(vm, r, &range, &k)?;
        let mut out = Vec::with_capacity(selections.len());
        for s in selections {
            let idx = bisect_right(vm, &cum, &s, cum.len())?;
            out.push(get_item(vm, &population, &Value::from(idx))?);
        }
        return Ok(Value::list(out));
    }
    Ok(Value::list(sample_impl(vm, r, &population, &k)?))
}

fn r_choices(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let np = npos(rest, kwnames);
    let mut kwn: Vec<Value> = Vec::new();
    let mut kwv: Vec<Value> = Vec::new();
    let mut kwo_n: Vec<Value> = Vec::new();
    let mut kwo_v: Vec<Value> = Vec::new();
    for (j, name) in kwnames.iter().enumerate() {
        if matches!(name.as_str(), Some("cum_weights") | Some("k")) {
            kwo_n.push(name.clone());
            kwo_v.push(rest[np + j].clone());
        } else {
            kwn.push(name.clone());
            kwv.push(rest[np + j].clone());
        }
    }
    let mut a: Vec<Value> = rest[..np].to_vec();
    a.extend(kwv);
    let p = parse("choices", &a, &kwn, &["population", "weights"], 0, 1)?;
    let ko = kwonly("choices", &kwo_v, &kwo_n, &["cum_weights", "k"])?;
    let population = p[0].clone().unwrap_or(Value::None);
    let weights = p[1].clone().filter(|w| !w.is_none());
    let cum_weights = ko[0].clone().filter(|w| !w.is_none());
    let k = match &ko[1] {
        Some(k) => index_bigint(vm, k)?.to_i64().unwrap_or(0).max(0) as usize,
        None => 1,
    };
    let n = length(vm, &population)?;
    let cum = match cum_weights {
        None => match weights {
            None => {
                let nf = n as f64;
                let mut out = Vec::with_capacity(k);
                for _ in 0..k {
                    let i = (r.mt.borrow_mut().random() * nf).floor() as usize;
                    out.push(get_item(vm, &population, &Value::from(i))?);
                }
                return Ok(Value::list(out));
            }
            Some(w) => match accumulate(vm, &w) {
                Ok(c) => c,
                Err(e) => {
                    if let Value::Int(kk) = w {
                        return Err(type_error(format!(
                            "The number of choices must be a keyword argument: k={kk}"
                        )));
                    }
                    return Err(e);
                }
            },
        },
        Some(c) => {
            if weights.is_some() {
                return Err(type_error(
                    "Cannot specify both weights and cumulative weights",
                ));
            }
            rpvm_object::protocols::iter::collect(vm, &c)?
        }
    };
    if cum.len() != n {
        return Err(value_error(
            "The number of weights does not match the population",
        ));
    }
    let last = cum
        .last()
        .cloned()
        .ok_or_else(|| index_error("list index out of range"))?;
    let total = binary_op(vm, BinOp::Add, &last, &Value::Float(0.0), false)?;
    let total = match total {
        Value::Float(f) => f,
        other => {
            return Err(type_error(format!(
                "unsupported total type {}",
                type_name(&other)
            )))
        }
    };
    if total <= 0.0 {
        return Err(value_error("Total of weights must be greater than zero"));
    }
    if !total.is_finite() {
        return Err(value_error("Total of weights must be finite"));
    }
    let hi = n - 1;
    let mut out = Vec::with_capacity(k);
    for _ in 0..k {
        let x = Value::Float(r.mt.borrow_mut().random() * total);
        let i = bisect_right(vm, &cum, &x, hi)?;
        out.push(get_item(vm, &population, &Value::from(i))?);
    }
    Ok(Value::list(out))
}

fn r_uniform(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("uniform", rest, kwnames, &["a", "b"], 0, 2)?;
    let a = p[0].clone().unwrap_or(Value::None);
    let b = p[1].clone().unwrap_or(Value::None);
    let d = binary_op(vm, BinOp::Sub, &b, &a, false)?;
    let x = Value::Float(rnd(vm, crate::args::arg(args, 0)?, r)?);
    let t = binary_op(vm, BinOp::Mul, &d, &x, false)?;
    binary_op(vm, BinOp::Add, &a, &t, false)
}

fn mu_sigma(
    vm: &mut Vm,
    name: &str,
    rest: &[Value],
    kwnames: &[Value],
) -> PyResult<(Value, Value)> {
    let p = parse(name, rest, kwnames, &["mu", "sigma"], 0, 0)?;
    let _ = vm;
    Ok((
        p[0].clone().unwrap_or(Value::Float(0.0)),
        p[1].clone().unwrap_or(Value::Float(1.0)),
    ))
}

fn mu_plus(vm: &mut Vm, mu: &Value, z: f64, sigma: &Value) -> PyResult<Value> {
    let t = binary_op(vm, BinOp::Mul, &Value::Float(z), sigma, false)?;
    binary_op(vm, BinOp::Add, mu, &t, false)
}

fn r_gauss(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let (mu, sigma) = mu_sigma(vm, "gauss", rest, kwnames)?;
    let next = r.mt.borrow_mut().gauss_next.take();
    let z = match next {
        Some(z) => z,
        None => {
            let x2pi = rnd(vm, crate::args::arg(args, 0)?, r)? * std::f64::consts::TAU;
            let g2rad = (-2.0 * (1.0 - rnd(vm, crate::args::arg(args, 0)?, r)?).ln()).sqrt();
            r.mt.borrow_mut().gauss_next = Some(x2pi.sin() * g2rad);
            x2pi.cos() * g2rad
        }
    };
    mu_plus(vm, &mu, z, &sigma)
}

fn r_normalvariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let (mu, sigma) = mu_sigma(vm, "normalvariate", rest, kwnames)?;
    let z = normal_z(vm, crate::args::arg(args, 0)?, r)?;
    mu_plus(vm, &mu, z, &sigma)
}

fn r_expovariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("expovariate", rest, kwnames, &["lambd"], 0, 1)?;
    let lambd = p[0].clone().unwrap_or(Value::None);
    let x = -(1.0 - rnd(vm, crate::args::arg(args, 0)?, r)?).ln();
    binary_op(vm, BinOp::TrueDiv, &Value::Float(x), &lambd, false)
}

fn r_triangular(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("triangular", rest, kwnames, &["low", "high", "mode"], 0, 0)?;
    let f = |v: &Option<Value>, d: f64| -> PyResult<f64> {
        match v {
            None => Ok(d),
            Some(v) => rpvm_object::protocols::convert::as_f64(v)?
                .ok_or_else(|| type_error("must be real number")),
        }
    };
    let mut low = f(&p[0], 0.0)?;
    let mut high = f(&p[1], 1.0)?;
    let u = rnd(vm, crate::args::arg(args, 0)?, r)?;
    let mut c = match &p[2] {
        None | Some(Value::None) => 0.5,
        Some(_) => {
            let mode = f(&p[2], 0.0)?;
            if high == low {
                return Ok(Value::Float(low));
            }
            (mode - low) / (high - low)
        }
    };
    if high == low && p[2].is_none() {
        // (mode - low) / (high - low) is never computed without a mode.
    }
    let mut u = u;
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    Ok(Value::Float(low + (high - low) * (u * c).sqrt()))
}

/// The `z` of `normalvariate` (Kinderman and Monahan), drawing through `self.random`.
fn normal_z(vm: &mut Vm, s: &Value, r: &RandomObj) -> PyResult<f64> {
    let nv_magicconst = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
    loop {
        let u1 = rnd(vm, s, r)?;
        let u2 = 1.0 - rnd(vm, s, r)?;
        let z = nv_magicconst * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -u2.ln() {
            return Ok(z);
        }
    }
}

/// Real-number parameters of a distribution, in order (all required).
fn reals(name: &str, rest: &[Value], kwnames: &[Value], names: &[&str]) -> PyResult<Vec<f64>> {
    let p = parse(name, rest, kwnames, names, 0, names.len())?;
    let mut out = Vec::with_capacity(names.len());
    for v in p.iter().flatten() {
        out.push(
            rpvm_object::protocols::convert::as_f64(v)?
                .ok_or_else(|| type_error(format!("must be real number, not {}", type_name(v))))?,
        );
    }
    Ok(out)
}

fn r_lognormvariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = parse("lognormvariate", rest, kwnames, &["mu", "sigma"], 0, 2)?;
    let mu = p[0].clone().unwrap_or(Value::None);
    let sigma = p[1].clone().unwrap_or(Value::None);
    let z = normal_z(vm, crate::args::arg(args, 0)?, r)?;
    let v = mu_plus(vm, &mu, z, &sigma)?;
    let v = rpvm_object::protocols::convert::as_f64(&v)?
        .ok_or_else(|| type_error("must be real number"))?;
    let e = v.exp();
    if e.is_infinite() && v.is_finite() {
        return Err(rpvm_object::exception::overflow_error("math range error"));
    }
    Ok(Value::Float(e))
}

/// Python's float `%` (the result takes the divisor's sign).
fn py_fmod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0.0f64.copysign(b)
    }
}

fn r_vonmisesvariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = reals("vonmisesvariate", rest, kwnames, &["mu", "kappa"])?;
    let (mu, kappa) = (p[0], p[1]);
    let tau = std::f64::consts::TAU;
    let s = crate::args::arg(args, 0)?;
    if kappa <= 1e-6 {
        return Ok(Value::Float(tau * rnd(vm, s, r)?));
    }
    let sv = 0.5 / kappa;
    let rr = sv + (1.0 + sv * sv).sqrt();
    let z = loop {
        let u1 = rnd(vm, s, r)?;
        let z = (std::f64::consts::PI * u1).cos();
        let d = z / (rr + z);
        let u2 = rnd(vm, s, r)?;
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * d.exp() {
            break z;
        }
    };
    let q = 1.0 / rr;
    let f = (q + z) / (1.0 + q * z);
    let u3 = rnd(vm, s, r)?;
    let theta = if u3 > 0.5 {
        py_fmod(mu + f.acos(), tau)
    } else {
        py_fmod(mu - f.acos(), tau)
    };
    Ok(Value::Float(theta))
}

fn gamma_impl(vm: &mut Vm, s: &Value, r: &RandomObj, alpha: f64, beta: f64) -> PyResult<f64> {
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(value_error("gammavariate: alpha and beta must be > 0.0"));
    }
    let log4 = 4.0f64.ln();
    let sg_magicconst = 1.0 + 4.5f64.ln();
    let e = std::f64::consts::E;
    if alpha > 1.0 {
        let ainv = (2.0 * alpha - 1.0).sqrt();
        let bbb = alpha - log4;
        let ccc = alpha + ainv;
        loop {
            let u1 = rnd(vm, s, r)?;
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - rnd(vm, s, r)?;
            let v = (u1 / (1.0 - u1)).ln() / ainv;
            let x = alpha * v.exp();
            let z = u1 * u1 * u2;
            let rv = bbb + ccc * v - x;
            if rv + sg_magicconst - 4.5 * z >= 0.0 || rv >= z.ln() {
                return Ok(x * beta);
            }
        }
    } else if alpha == 1.0 {
        Ok(-(1.0 - rnd(vm, s, r)?).ln() * beta)
    } else {
        let x = loop {
            let u = rnd(vm, s, r)?;
            let b = (e + alpha) / e;
            let p = b * u;
            let x = if p <= 1.0 {
                p.powf(1.0 / alpha)
            } else {
                -((b - p) / alpha).ln()
            };
            let u1 = rnd(vm, s, r)?;
            if p > 1.0 {
                if u1 <= x.powf(alpha - 1.0) {
                    break x;
                }
            } else if u1 <= (-x).exp() {
                break x;
            }
        };
        Ok(x * beta)
    }
}

fn r_gammavariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = reals("gammavariate", rest, kwnames, &["alpha", "beta"])?;
    Ok(Value::Float(gamma_impl(
        vm,
        crate::args::arg(args, 0)?,
        r,
        p[0],
        p[1],
    )?))
}

fn r_betavariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = reals("betavariate", rest, kwnames, &["alpha", "beta"])?;
    let y = gamma_impl(vm, crate::args::arg(args, 0)?, r, p[0], 1.0)?;
    if y != 0.0 {
        let y2 = gamma_impl(vm, crate::args::arg(args, 0)?, r, p[1], 1.0)?;
        return Ok(Value::Float(y / (y + y2)));
    }
    Ok(Value::Float(0.0))
}

fn r_paretovariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = reals("paretovariate", rest, kwnames, &["alpha"])?;
    let u = 1.0 - rnd(vm, crate::args::arg(args, 0)?, r)?;
    let e = -1.0 / p[0];
    binary_op(vm, BinOp::Pow, &Value::Float(u), &Value::Float(e), false)
}

fn r_weibullvariate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let p = reals("weibullvariate", rest, kwnames, &["alpha", "beta"])?;
    let u = 1.0 - rnd(vm, crate::args::arg(args, 0)?, r)?;
    let t = binary_op(
        vm,
        BinOp::Pow,
        &Value::Float(-u.ln()),
        &Value::Float(1.0 / p[1]),
        false,
    )?;
    binary_op(vm, BinOp::Mul, &Value::Float(p[0]), &t, false)
}

fn r_randbytes(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let n = crate::args::one_arg("randbytes", rest, kwnames)?;
    let n = index_bigint(vm, n)?;
    if n.is_negative() {
        return Err(value_error("number of bits must be non-negative"));
    }
    let n = n.to_u64().unwrap_or(0);
    let v = r.mt.borrow_mut().bits_big(n * 8);
    let mut bytes = v.to_bytes_le().1;
    bytes.resize(n as usize, 0);
    Ok(Value::Bytes(bytes.into()))
}

fn r_getstate(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    let (r, _) = this(args)?;
    let mt = r.mt.borrow();
    let mut items: Vec<Value> = mt.state.iter().map(|w| Value::Int(*w as i64)).collect();
    items.push(Value::Int(mt.index as i64));
    Ok(Value::tuple(vec![
        Value::Int(3),
        Value::tuple(items),
        mt.gauss_next.map_or(Value::None, Value::Float),
    ]))
}

fn r_setstate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (r, rest) = this(args)?;
    let r = &r;
    let st = crate::args::one_arg("setstate", rest, kwnames)?;
    let parts = rpvm_object::protocols::iter::collect(vm, st)?;
    if parts.len() != 3 {
        return Err(value_error("state vector is the wrong size"));
    }
    let words = rpvm_object::protocols::iter::collect(vm, &parts[1])?;
    if words.len() != N + 1 {
        return Err(value_error("state vector is the wrong size"));
    }
    let mut mt = r.mt.borrow_mut();
    for (i, w) in words.iter().take(N).enumerate() {
        mt.state[i] = as_bigint(w).and_then(|b| b.to_u32()).unwrap_or(0);
    }
    let idx = as_bigint(&words[N]).and_then(|b| b.to_usize()).unwrap_or(N);
    if idx > N {
        return Err(value_error("invalid state"));
    }
    mt.index = idx;
    mt.gauss_next = match &parts[2] {
        Value::Float(f) => Some(*f),
        _ => None,
    };
    Ok(Value::None)
}

fn fresh_state() -> Value {
    Value::Native(NativeRef::new(RandomObj {
        mt: Rc::new(RefCell::new(Mt::new())),
    }))
}

/// `Random.__new__(cls, *args)`: an instance with an unseeded generator.
fn random_new(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(Value::Type(cls)) => Ok(Value::Instance(PyInstance::new(
            cls.clone(),
            Some(fresh_state()),
        ))),
        _ => Err(type_error("Random.__new__(X): X is not a type object")),
    }
}

/// `Random.__init__(self, x=None)`: `self.seed(x)` (a subclass's `seed` is called).
fn random_init(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let Some((s, rest)) = args.split_first() else {
        return Err(type_error("descriptor '__init__' needs an argument"));
    };
    let p = parse("Random", rest, kwnames, &["x"], 0, 0)?;
    let seed = rpvm_object::protocols::attr::get_attr(vm, s, "seed")?;
    call(vm, &seed, &[p[0].clone().unwrap_or(Value::None)], &[])?;
    if let Some(r) = state_of(s) {
        r.mt.borrow_mut().gauss_next = None;
    }
    Ok(Value::None)
}

const RANDOM: crate::functools::ClassSpec = crate::functools::ClassSpec {
    name: "Random",
    module: "random",
    base: None,
    new: Some(random_new),
    dunders: &[("__init__", random_init)],
    methods: METHODS,
    props: &[],
};

/// The class `random.Random` (subclassable; methods see a subclass's `random`).
fn random_class(vm: &mut Vm) -> Rc<PyType> {
    crate::functools::class_of(vm, &RANDOM)
}

/// Creates the `random` module (registered in `vm.modules`).
pub fn make_random(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("random"));
    d.set_str("__doc__", Value::None);
    let cls = random_class(vm);
    let inst = Value::Instance(PyInstance::new(cls.clone(), Some(fresh_state())));
    for (name, f) in METHODS {
        d.set_str(name, bound(name, *f, &inst));
    }
    d.set_str("_inst", inst);
    d.set_str("Random", Value::Type(cls));
    let module = Value::Module(Rc::new(PyModule {
        name: "random".to_string(),
        dict: d,
    }));
    vm.modules.set_str("random", module.clone());
    module
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha512_abc() {
        let d = sha512(b"abc");
        assert_eq!(d[0], 0xdd);
        assert_eq!(d[63], 0x9f);
    }

    #[test]
    fn mt_seed_42() {
        let mut m = Mt::new();
        m.seed_bigint(&BigInt::from(42));
        assert_eq!(m.random(), 0.6394267984578837);
    }
}
