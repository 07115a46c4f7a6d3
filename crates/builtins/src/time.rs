//! The `time` module: clocks, `sleep`, and `gmtime`/`localtime`/`strftime`/`mktime` for UTC
//! (rpvm has no time zone database: `localtime` is `gmtime`, as when `TZ` is UTC).

use std::rc::Rc;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{overflow_error, type_error, value_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::convert::{as_bigint, as_f64};
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use num_traits::ToPrimitive;

use crate::args::{check_positional, no_kwargs, npos};

/// `time.struct_time`: nine sequence fields, then `tm_zone` and `tm_gmtoff`.
const STRUCT_TIME: crate::structseq::Spec = crate::structseq::Spec {
    module: "time",
    name: "struct_time",
    fields: &[
        "tm_year",
        "tm_mon",
        "tm_mday",
        "tm_hour",
        "tm_min",
        "tm_sec",
        "tm_wday",
        "tm_yday",
        "tm_isdst",
        "tm_zone",
        "tm_gmtoff",
    ],
    n_sequence: 9,
    constructible: true,
};

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
    let secs = match as_f64(crate::args::arg(args, 0)?)? {
        Some(f) => f,
        None => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(crate::args::arg(args, 0)?)
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

fn struct_time(vm: &mut Vm, v: [i64; 9], zone: &str) -> PyResult<Value> {
    let mut values: Vec<Value> = v.iter().map(|x| Value::Int(*x)).collect();
    values.push(Value::str(zone));
    values.push(Value::Int(0));
    crate::structseq::make(vm, &STRUCT_TIME, values)
}

fn t_gmtime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("gmtime", kw)?;
    check_positional("gmtime", args.len(), 0, 1)?;
    struct_time(vm, civil(secs_arg(args, "gmtime")?), "GMT")
}

fn t_localtime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("localtime", kw)?;
    check_positional("localtime", args.len(), 0, 1)?;
    struct_time(vm, civil(secs_arg(args, "localtime")?), "UTC")
}

/// The nine fields of a struct_time or 9-tuple argument, and its `tm_zone` if it has one.
fn tuple_arg_zone(vm: &mut Vm, v: &Value) -> PyResult<([i64; 9], Option<String>)> {
    let Some(items) = crate::structseq::items(v) else {
        return Err(type_error("Tuple or struct_time argument required"));
    };
    let zone = match v {
        Value::Instance(_) => rpvm_object::protocols::attr::get_attr(vm, v, "tm_zone")
            .ok()
            .and_then(|z| z.as_str().map(str::to_string)),
        _ => None,
    };
    if items.len() != 9 {
        return Err(type_error(format!(
            "time.struct_time() takes a 9-sequence ({}-sequence given)",
            items.len()
        )));
    }
    let mut out = [0i64; 9];
    for (o, x) in out.iter_mut().zip(items.iter()) {
        *o = match as_bigint(x) {
            Some(b) => b
                .to_i64()
                .ok_or_else(|| overflow_error("Python int too large to convert to C long"))?,
            None => {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name(x)
                )))
            }
        };
    }
    Ok((out, zone))
}

fn tuple_arg(vm: &mut Vm, v: &Value) -> PyResult<[i64; 9]> {
    tuple_arg_zone(vm, v).map(|(t, _)| t)
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

fn strftime_impl(fmt: &str, t: &[i64; 9], zone: &str) -> String {
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
            'Z' => out.push_str(zone),
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
    let fmt = crate::args::arg(args, 0)?.as_str().ok_or_else(|| {
        type_error(format!(
            "strftime() argument 1 must be str, not {}",
            type_name(&args[0])
        ))
    })?;
    let (t, zone) = match args.get(1) {
        Some(v) => tuple_arg_zone(vm, v)?,
        None => (civil(now().as_secs() as i64), None),
    };
    check_ranges(&t)?;
    Ok(Value::string(strftime_impl(
        fmt,
        &t,
        zone.as_deref().unwrap_or("UTC"),
    )))
}

/// `time.strptime(string, format="%a %b %d %H:%M:%S %Y")` for the numeric directives and
/// English names (`%Y %m %d %H %M %S %y %j %I %p %a %A %b %B %f %%`, whitespace).
fn t_strptime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("strptime", kw)?;
    check_positional("strptime", args.len(), 1, 2)?;
    let text = crate::args::arg(args, 0)?.as_str().ok_or_else(|| {
        type_error(format!(
            "strptime() argument 0 must be str, not {}",
            type_name(&args[0])
        ))
    })?;
    let fmt = match args.get(1) {
        Some(f) => f.as_str().ok_or_else(|| {
            type_error(format!(
                "strptime() argument 1 must be str, not {}",
                type_name(f)
            ))
        })?,
        None => "%a %b %d %H:%M:%S %Y",
    };
    let text_repr = rpvm_object::protocols::repr::repr(vm, crate::args::arg(args, 0)?)?;
    let fmt_repr = rpvm_object::protocols::repr::repr(vm, &Value::str(fmt))?;
    let mismatch = || {
        value_error(format!(
            "time data {text_repr} does not match format {fmt_repr}"
        ))
    };
    let (mut y, mut mo, mut d, mut h, mut mi, mut sec) = (1900i64, 1i64, 1i64, 0i64, 0i64, 0i64);
    let mut yday: Option<i64> = None;
    let mut pm: Option<bool> = None;
    let tb: Vec<char> = text.chars().collect();
    let mut i = 0usize;
    let mut f = fmt.chars().peekable();
    let number = |i: &mut usize, max: usize| -> Option<i64> {
        let st = *i;
        while *i < tb.len() && *i - st < max && tb[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == st {
            return None;
        }
        tb[st..*i].iter().collect::<String>().parse().ok()
    };
    let name = |i: &mut usize, names: &[&str]| -> Option<i64> {
        let rest: String = tb[*i..].iter().collect::<String>().to_ascii_lowercase();
        for (k, n) in names.iter().enumerate() {
            for cand in [n.to_ascii_lowercase(), n[..3].to_ascii_lowercase()] {
                if rest.starts_with(&cand) {
                    *i += cand.len();
                    return Some(k as i64);
                }
            }
        }
        None
    };
    while let Some(c) = f.next() {
        if c.is_whitespace() {
            while i < tb.len() && tb[i].is_whitespace() {
                i += 1;
            }
            continue;
        }
        if c != '%' {
            if tb.get(i) != Some(&c) {
                return Err(mismatch());
            }
            i += 1;
            continue;
        }
        let Some(dir) = f.next() else {
            return Err(value_error("stray % in format '%'"));
        };
        let v = match dir {
            'Y' => number(&mut i, 4).map(|v| y = v),
            'y' => number(&mut i, 2).map(|v| y = if v < 69 { 2000 + v } else { 1900 + v }),
            'm' => number(&mut i, 2).map(|v| mo = v),
            'd' => number(&mut i, 2).map(|v| d = v),
            'H' | 'I' => number(&mut i, 2).map(|v| h = v),
            'M' => number(&mut i, 2).map(|v| mi = v),
            'S' => number(&mut i, 2).map(|v| sec = v),
            'j' => number(&mut i, 3).map(|v| yday = Some(v)),
            'f' => number(&mut i, 6).map(|_| ()),
            'p' => {
                let rest: String = tb[i..]
                    .iter()
                    .take(2)
                    .collect::<String>()
                    .to_ascii_uppercase();
                match rest.as_str() {
                    "AM" | "PM" => {
                        pm = Some(rest == "PM");
                        i += 2;
                        Some(())
                    }
                    _ => None,
                }
            }
            'a' | 'A' => name(&mut i, &DAYS).map(|_| ()),
            'b' | 'B' | 'h' => name(&mut i, &MONTHS).map(|v| mo = v + 1),
            '%' => {
                if tb.get(i) == Some(&'%') {
                    i += 1;
                    Some(())
                } else {
                    None
                }
            }
            other => {
                return Err(value_error(format!(
                    "'{other}' is a bad directive in format '%{other}'"
                )))
            }
        };
        if v.is_none() {
            return Err(mismatch());
        }
    }
    if i < tb.len() {
        return Err(value_error(format!(
            "unconverted data remains: {}",
            tb[i..].iter().collect::<String>()
        )));
    }
    if let Some(p) = pm {
        if fmt.contains("%I") {
            h = match (h, p) {
                (12, false) => 0,
                (12, true) => 12,
                (x, true) => x + 12,
                (x, false) => x,
            };
        }
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 61 {
        return Err(mismatch());
    }
    let days = days_from_civil(y, mo, d);
    let (mo, d, days) = match yday {
        Some(j) if !fmt.contains("%m") && !fmt.contains("%d") => {
            let days = days_from_civil(y, 1, 1) + j - 1;
            let c = civil(days * 86400);
            (c[1], c[2], days)
        }
        _ => (mo, d, days),
    };
    let yd = days - days_from_civil(y, 1, 1) + 1;
    let wd = (days + 3).rem_euclid(7);
    let mut values: Vec<Value> = [y, mo, d, h, mi, sec, wd, yd, -1]
        .iter()
        .map(|x| Value::Int(*x))
        .collect();
    values.push(Value::None);
    values.push(Value::None);
    crate::structseq::make(vm, &STRUCT_TIME, values)
}

/// strftime's argument checks (CPython's `checktm`).
fn check_ranges(t: &[i64; 9]) -> PyResult<()> {
    let bad = |what: &str| Err(value_error(format!("{what} out of range")));
    if !(0..=12).contains(&t[1]) {
        return bad("month");
    }
    if !(0..=31).contains(&t[2]) {
        return bad("day of month");
    }
    if !(0..=23).contains(&t[3]) {
        return bad("hour");
    }
    if !(0..=59).contains(&t[4]) {
        return bad("minute");
    }
    if !(0..=61).contains(&t[5]) {
        return bad("seconds");
    }
    if t[6] < 0 {
        return bad("day of week");
    }
    if !(0..=366).contains(&t[7]) {
        return bad("day of year");
    }
    Ok(())
}

fn asctime_of(t: &[i64; 9]) -> String {
    strftime_impl("%a %b %e %H:%M:%S %Y", t, "UTC")
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
    let t = tuple_arg(vm, crate::args::arg(args, 0)?)?;
    let days = days_from_civil(t[0], t[1], 1) + t[2] - 1;
    let secs = days * 86400 + t[3] * 3600 + t[4] * 60 + t[5];
    Ok(Value::Float(secs as f64))
}

fn t_thread_time(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("thread_time", args, kw)?;
    Ok(Value::Float(start().elapsed().as_secs_f64()))
}

fn t_thread_time_ns(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("thread_time_ns", args, kw)?;
    Ok(Value::Int(start().elapsed().as_nanos() as i64))
}

fn t_tzset(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_args("tzset", args, kw)?;
    Ok(Value::None)
}

/// The clock a `CLOCK_*` id names, as a duration.
fn clock_of(vm: &mut Vm, args: &[Value], kw: &[Value], name: &str) -> PyResult<Duration> {
    no_kwargs(name, kw)?;
    check_positional(name, args.len(), 1, 1)?;
    let id = crate::args::index_bigint(vm, crate::args::arg(args, 0)?)?;
    match id.to_i64() {
        Some(0) | Some(11) => Ok(now()),
        Some(1) | Some(4) | Some(7) => Ok(mono()),
        Some(2) | Some(3) => Ok(start().elapsed()),
        _ => Err(rpvm_object::exception::PyException::with_message(
            "OSError",
            "[Errno 22] Invalid argument".to_string(),
        )),
    }
}

fn t_clock_gettime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Float(
        clock_of(vm, args, kw, "clock_gettime")?.as_secs_f64(),
    ))
}

fn t_clock_gettime_ns(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(
        clock_of(vm, args, kw, "clock_gettime_ns")?.as_nanos() as i64,
    ))
}

fn t_clock_getres(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    clock_of(vm, args, kw, "clock_getres")?;
    Ok(Value::Float(1e-9))
}

/// `time.get_clock_info(name)`: CPython's answers on Linux.
fn t_get_clock_info(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    no_kwargs("get_clock_info", kw)?;
    check_positional("get_clock_info", args.len(), 1, 1)?;
    let (implementation, monotonic, adjustable) = match crate::args::arg(args, 0)?.as_str() {
        Some("time") => ("clock_gettime(CLOCK_REALTIME)", false, true),
        Some("monotonic") | Some("perf_counter") => ("clock_gettime(CLOCK_MONOTONIC)", true, false),
        Some("process_time") => ("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false),
        Some("thread_time") => ("clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true, false),
        _ => return Err(value_error("unknown clock")),
    };
    crate::types_mod::namespace(
        vm,
        vec![
            ("implementation", Value::str(implementation)),
            ("monotonic", Value::Bool(monotonic)),
            ("adjustable", Value::Bool(adjustable)),
            ("resolution", Value::Float(1e-9)),
        ],
    )
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
        ("thread_time", t_thread_time),
        ("thread_time_ns", t_thread_time_ns),
        ("tzset", t_tzset),
        ("clock_gettime", t_clock_gettime),
        ("clock_gettime_ns", t_clock_gettime_ns),
        ("clock_getres", t_clock_getres),
        ("get_clock_info", t_get_clock_info),
        ("strptime", t_strptime),
    ];
    for (name, id) in [
        ("CLOCK_REALTIME", 0),
        ("CLOCK_MONOTONIC", 1),
        ("CLOCK_PROCESS_CPUTIME_ID", 2),
        ("CLOCK_THREAD_CPUTIME_ID", 3),
        ("CLOCK_MONOTONIC_RAW", 4),
        ("CLOCK_BOOTTIME", 7),
        ("CLOCK_TAI", 11),
    ] {
        d.set_str(name, Value::Int(id));
    }
    if let Ok(cls) = crate::structseq::class(vm, &STRUCT_TIME) {
        d.set_str("struct_time", Value::Type(cls));
    }
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
