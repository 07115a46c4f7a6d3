//! The `time` module: clocks, `sleep`, and `gmtime`/`localtime`/`strftime`/`mktime` for UTC
//! (rpvm has no time zone database: `localtime` is `gmtime`, as when `TZ` is UTC).

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{overflow_error, type_error, value_error, PyResult};
use rpvm_object::function::BuiltinFunction;
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::convert::{as_bigint, as_f64};
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use num_traits::ToPrimitive;

use crate::args::{check_positional, no_kwargs, npos};

const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// A `time.struct_time`.
#[derive(Debug)]
pub struct StructTime {
    v: [i64; 9],
    zone: &'static str,
}

thread_local! {
    static STRUCT_TIME: Rc<PyType> = crate::random::native_type("struct_time", "time");
}

fn st_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = match args.first() {
        Some(Value::Native(n)) => n
            .as_any()
            .downcast_ref::<StructTime>()
            .map(|s| s.v.iter().map(|x| Value::Int(*x)).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    rpvm_object::protocols::iter::get_iter(vm, &Value::tuple(items))
}

fn st_len(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(9))
}

impl NativeObject for StructTime {
    fn class(&self) -> Rc<PyType> {
        STRUCT_TIME.with(|t| t.clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        let parts: Vec<String> = FIELDS
            .iter()
            .zip(self.v.iter())
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        Ok(format!("time.struct_time({})", parts.join(", ")))
    }
    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        if let Some(i) = FIELDS.iter().position(|f| *f == name) {
            return Ok(Some(Value::Int(self.v[i])));
        }
        let m = |n: &'static str, f: rpvm_object::function::NativeFn| {
            Some(Value::Builtin(Rc::new(BuiltinFunction {
                name: n,
                func: f,
                bound_self: Some(self_value.clone()),
                owner: None,
            })))
        };
        Ok(match name {
            "tm_zone" => Some(Value::str(self.zone)),
            "tm_gmtoff" => Some(Value::Int(0)),
            "n_fields" => Some(Value::Int(11)),
            "n_sequence_fields" => Some(Value::Int(9)),
            "__iter__" => m("__iter__", st_iter),
            "__len__" => m("__len__", st_len),
            _ => None,
        })
    }
}

fn start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

fn no_args(name: &str, args: &[Value], kwnames: &[Value]) -> PyResult<()> {
    no_kwargs(name, kwnames)?;
    if !args.is_empty() {
        return Err(type_error(format!(
            "time.{name}() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(())
}

fn t_time(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("time", args, kw)?;
    Ok(Value::Float(now().as_secs_f64()))
}

fn t_time_ns(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("time_ns", args, kw)?;
    Ok(Value::Int(now().as_nanos() as i64))
}

fn mono() -> Duration {
    // Offset so values look like CPython's (seconds since an arbitrary point, never 0).
    start().elapsed() + Duration::from_secs(1000)
}

fn t_perf_counter(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("perf_counter", args, kw)?;
    Ok(Value::Float(mono().as_secs_f64()))
}

fn t_perf_counter_ns(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("perf_counter_ns", args, kw)?;
    Ok(Value::Int(mono().as_nanos() as i64))
}

fn t_monotonic(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("monotonic", args, kw)?;
    Ok(Value::Float(mono().as_secs_f64()))
}

fn t_monotonic_ns(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("monotonic_ns", args, kw)?;
    Ok(Value::Int(mono().as_nanos() as i64))
}

fn t_process_time(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("process_time", args, kw)?;
    Ok(Value::Float(start().elapsed().as_secs_f64()))
}

fn t_process_time_ns(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("process_time_ns", args, kw)?;
    Ok(Value::Int(start().elapsed().as_nanos() as i64))
}

fn t_sleep(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("sleep", kw)?;
    check_positional("sleep", args.len(), 1, 1)?;
    let secs = match as_f64(&args[0])? {
        Some(f) => f,
        None => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(&args[0])
            )))
        }
    };
    if secs.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    std::thread::sleep(Duration::from_secs_f64(secs));
    Ok(Value::None)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn civil(secs: i64) -> [i64; 9] {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let wday = (days + 3).rem_euclid(7); // 1970-01-01 was a Thursday (3)
    [
        y,
        m,
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        wday,
        yday,
        0,
    ]
}

fn secs_arg(args: &[Value], _name: &str) -> PyResult<i64> {
    match args.first() {
        None | Some(Value::None) => Ok(now().as_secs() as i64),
        Some(v) => {
            if let Some(b) = as_bigint(v) {
                return b
                    .to_i64()
                    .ok_or_else(|| overflow_error("timestamp out of range for platform time_t"));
            }
            match as_f64(v)? {
                Some(f) if f.is_nan() => Err(value_error("Invalid value NaN (not a number)")),
                Some(f) => Ok(f.floor() as i64),
                None => Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name(v)
                ))),
            }
        }
    }
}

fn struct_time(v: [i64; 9]) -> Value {
    Value::Native(NativeRef::new(StructTime { v, zone: "UTC" }))
}

fn t_gmtime(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("gmtime", kw)?;
    check_positional("gmtime", args.len(), 0, 1)?;
    Ok(struct_time(civil(secs_arg(args, "gmtime")?)))
}

fn t_localtime(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("localtime", kw)?;
    check_positional("localtime", args.len(), 0, 1)?;
    Ok(struct_time(civil(secs_arg(args, "localtime")?)))
}

fn tuple_arg(vm: &mut Vm, v: &Value) -> PyResult<[i64; 9]> {
    if let Value::Native(n) = v {
        if let Some(s) = n.as_any().downcast_ref::<StructTime>() {
            return Ok(s.v);
        }
    }
    if !matches!(v, Value::Tuple(_)) {
        return Err(type_error("Tuple or struct_time argument required"));
    }
    let items = rpvm_object::protocols::iter::collect(vm, v)?;
    if items.len() != 9 {
        return Err(type_error(format!(
            "time.struct_time() takes a 9-sequence ({}-sequence given)",
            items.len()
        )));
    }
    let mut out = [0i64; 9];
    for (o, x) in out.iter_mut().zip(items.iter()) {
        *o = as_bigint(x)
            .and_then(|b| b.to_i64())
            .ok_or_else(|| type_error("'float' object cannot be interpreted as an integer"))?;
    }
    Ok(out)
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn strftime_impl(fmt: &str, t: &[i64; 9]) -> String {
    let [y, mo, d, h, mi, s, wd, yd, _] = *t;
    let wd = wd.rem_euclid(7) as usize;
    let mon = (mo - 1).clamp(0, 11) as usize;
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(f) = chars.next() else {
            out.push('%');
            break;
        };
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        // Sunday-based weekday for %U / %w.
        let sun_wd = (wd + 1) % 7;
        match f {
            'Y' => out.push_str(&y.to_string()),
            'y' => out.push_str(&format!("{:02}", y.rem_euclid(100))),
            'C' => out.push_str(&format!("{:02}", y.div_euclid(100))),
            'm' => out.push_str(&format!("{mo:02}")),
            'd' => out.push_str(&format!("{d:02}")),
            'e' => out.push_str(&format!("{d:2}")),
            'H' => out.push_str(&format!("{h:02}")),
            'I' => out.push_str(&format!("{h12:02}")),
            'M' => out.push_str(&format!("{mi:02}")),
            'S' => out.push_str(&format!("{s:02}")),
            'j' => out.push_str(&format!("{yd:03}")),
            'a' => out.push_str(&DAYS[wd][..3]),
            'A' => out.push_str(DAYS[wd]),
            'b' | 'h' => out.push_str(&MONTHS[mon][..3]),
            'B' => out.push_str(MONTHS[mon]),
            'p' => out.push_str(if h < 12 { "AM" } else { "PM" }),
            'w' => out.push_str(&sun_wd.to_string()),
            'u' => out.push_str(&(wd + 1).to_string()),
            'U' => out.push_str(&format!("{:02}", (yd - 1 + 7 - sun_wd as i64) / 7)),
            'W' => out.push_str(&format!("{:02}", (yd - 1 + 7 - wd as i64) / 7)),
            'Z' => out.push_str("UTC"),
            'z' => out.push_str("+0000"),
            'D' | 'x' => out.push_str(&format!("{mo:02}/{d:02}/{:02}", y.rem_euclid(100))),
            'T' | 'X' => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
            'R' => out.push_str(&format!("{h:02}:{mi:02}")),
            'F' => out.push_str(&format!("{y}-{mo:02}-{d:02}")),
            'c' => out.push_str(&format!(
                "{} {} {d:2} {h:02}:{mi:02}:{s:02} {y}",
                &DAYS[wd][..3],
                &MONTHS[mon][..3]
            )),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            '%' => out.push('%'),
            other => {
                out.push('%');
                out.push(other);
            }
        }
    }
    out
}

fn t_strftime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("strftime", kw)?;
    check_positional("strftime", args.len(), 1, 2)?;
    let fmt = args[0].as_str().ok_or_else(|| {
        type_error(format!(
            "strftime() argument 1 must be str, not {}",
            type_name(&args[0])
        ))
    })?;
    let t = match args.get(1) {
        Some(v) => tuple_arg(vm, v)?,
        None => civil(now().as_secs() as i64),
    };
    Ok(Value::string(strftime_impl(fmt, &t)))
}

fn asctime_of(t: &[i64; 9]) -> String {
    strftime_impl("%a %b %e %H:%M:%S %Y", t)
}

fn t_asctime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("asctime", kw)?;
    check_positional("asctime", args.len(), 0, 1)?;
    let t = match args.first() {
        Some(v) => tuple_arg(vm, v)?,
        None => civil(now().as_secs() as i64),
    };
    Ok(Value::string(asctime_of(&t)))
}

fn t_ctime(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("ctime", kw)?;
    check_positional("ctime", args.len(), 0, 1)?;
    Ok(Value::string(asctime_of(&civil(secs_arg(args, "ctime")?))))
}

fn t_mktime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("mktime", kw)?;
    check_positional("mktime", npos(args, kw), 1, 1)?;
    let t = tuple_arg(vm, &args[0])?;
    let days = days_from_civil(t[0], t[1], 1) + t[2] - 1;
    let secs = days * 86400 + t[3] * 3600 + t[4] * 60 + t[5];
    Ok(Value::Float(secs as f64))
}

/// Creates the `time` module (registered in `vm.modules`).
pub fn make_time(vm: &mut Vm) -> Value {
    let _ = start();
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("time"));
    d.set_str("__doc__", Value::None);
    d.set_str("timezone", Value::Int(0));
    d.set_str("altzone", Value::Int(0));
    d.set_str("daylight", Value::Int(0));
    d.set_str(
        "tzname",
        Value::tuple(vec![Value::str("UTC"), Value::str("UTC")]),
    );
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("time", t_time),
        ("time_ns", t_time_ns),
        ("perf_counter", t_perf_counter),
        ("perf_counter_ns", t_perf_counter_ns),
        ("monotonic", t_monotonic),
        ("monotonic_ns", t_monotonic_ns),
        ("process_time", t_process_time),
        ("process_time_ns", t_process_time_ns),
        ("sleep", t_sleep),
        ("gmtime", t_gmtime),
        ("localtime", t_localtime),
        ("strftime", t_strftime),
        ("asctime", t_asctime),
        ("ctime", t_ctime),
        ("mktime", t_mktime),
    ];
    for (name, f) in fns {
        d.set_str(name, crate::builtin_fn(name, *f));
    }
    let _ = is_leap;
    let module = Value::Module(Rc::new(PyModule {
        name: "time".to_string(),
        dict: d,
    }));
    vm.modules.set_str("time", module.clone());
    module
}
