/*
 * TEST-ONLY stand-in for bcryptprimitives.dll under Wine < 8.13.
 *
 * Rust >= 1.78's std on Windows gets its random bytes (HashMap seeds) from
 * `ProcessPrng` in bcryptprimitives.dll, which every Windows 10/11 has but
 * Debian 12's Wine 8.0 does not: without it, pv-bulletin.exe exits silently at
 * start-up. tests/windows-check.sh builds this file with mingw-w64 and puts the
 * DLL beside the .exe in a scratch folder. It is never shipped: dist/build.sh
 * packs only the binary, and refuses an archive containing a .dll.
 *
 *   x86_64-w64-mingw32-gcc -O2 -shared -o bcryptprimitives.dll \
 *       bcryptprimitives-shim.c bcryptprimitives-shim.def -ladvapi32
 */
#include <windows.h>

/* RtlGenRandom: advapi32's SystemFunction036, present in every Wine. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE; /* the real ProcessPrng always returns TRUE */
}
