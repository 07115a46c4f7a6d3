import base64, binascii
print(base64.b64encode(b"hello world"), base64.b64decode(b"aGVsbG8gd29ybGQ="))
print(base64.urlsafe_b64encode(b"\xff\xfe"), base64.b32encode(b"abc"), base64.b16encode(b"abc"))
print(binascii.hexlify(b"abc"), binascii.unhexlify("616263"), binascii.crc32(b"hello"))
print(base64.b64decode("aGVsbG8=\n"), base64.b85encode(b"rpvm"), base64.a85encode(b"rpvm"))
for bad in (b"abc", b"a"):
    try:
        base64.b64decode(bad)
    except binascii.Error as e:
        print("Error:", e)
try:
    binascii.unhexlify("abc")
except binascii.Error as e:
    print("Error:", e, isinstance(e, ValueError))
print(binascii.crc32(b"world", binascii.crc32(b"hello ")), binascii.b2a_base64(b"x", newline=False))
