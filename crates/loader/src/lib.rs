//! # rpvm-loader
//!
//! Reads CPython 3.11 `.pyc` files into validated, decoded code objects:
//!
//! - [`header`]: the 16-byte header and the magic numbers of every CPython release;
//! - [`marshal`]: the marshal format, hardened against hostile input;
//! - [`code`]: code objects and the fields CPython derives from them;
//! - [`opcode`] / [`opcode_table`]: the 3.11 instruction set (generated from CPython);
//! - [`instr`]: raw and decoded instructions;
//! - [`linetable`] and [`exctable`]: the location and exception tables;
//! - [`dis`]: a disassembler that prints exactly what CPython's `dis.dis` prints;
//! - [`inspect`]: a learner-friendly dump of everything in a `.pyc`;
//! - [`pyrepr`]: CPython's `repr` of constants (str, bytes, float, ...), with
//!   [`printable_table`] (generated) deciding which characters `repr` escapes.
//!
//! ```
//! let pyc = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../pyc-samples/hello.pyc")).unwrap();
//! let module = rpvm_loader::load_pyc(&pyc).unwrap();
//! assert_eq!(module.code.name(), "<module>");
//! ```

pub mod code;
pub mod constant;
pub mod dis;
pub mod error;
pub mod exctable;
pub mod float_repr;
pub mod header;
pub mod inspect;
pub mod instr;
pub mod linetable;
pub mod marshal;
pub mod opcode;
#[rustfmt::skip]
pub mod opcode_table;
pub mod printable_table;
pub mod pyrepr;
pub mod quicken;

use std::rc::Rc;

pub use code::CodeObject;
pub use constant::Constant;
pub use error::LoadError;
pub use header::PycHeader;
pub use instr::Instr;
pub use opcode::Opcode;

/// A loaded `.pyc`: its header and the module's code object.
#[derive(Debug)]
pub struct Pyc {
    /// The decoded header.
    pub header: PycHeader,
    /// The module-level code object.
    pub code: Rc<CodeObject>,
}

/// Parses a whole `.pyc` file.
pub fn load_pyc(data: &[u8]) -> Result<Pyc, LoadError> {
    let header = PycHeader::parse(data)?;
    let body = &data[PycHeader::SIZE..];
    match marshal::loads(body, PycHeader::SIZE)? {
        Constant::Code(code) => Ok(Pyc { header, code }),
        other => Err(LoadError::BadValue {
            offset: PycHeader::SIZE,
            message: format!("the module is a {}, not a code object", other.type_name()),
        }),
    }
}
