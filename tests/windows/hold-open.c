/*
 * TEST-ONLY: holds a file open the way Excel holds an open workbook (read
 * access, sharing read only: nobody may write, rename or delete it) until a
 * release file appears, so tests/windows-check.sh can check under Wine what a
 * build does when a download in the output is open in another program.
 *
 *   hold-open.exe FILE READY RELEASE
 *
 * Writes READY once FILE is open; closes FILE and exits when RELEASE exists
 * (or after two minutes). Built with x86_64-w64-mingw32-gcc -municode.
 */
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 4)
        return 2;
    HANDLE held = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (held == INVALID_HANDLE_VALUE)
        return 3;
    HANDLE ready = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                               FILE_ATTRIBUTE_NORMAL, NULL);
    if (ready == INVALID_HANDLE_VALUE)
        return 4;
    CloseHandle(ready);
    for (int i = 0; i < 1200; i++) {
        if (GetFileAttributesW(argv[3]) != INVALID_FILE_ATTRIBUTES)
            break;
        Sleep(100);
    }
    CloseHandle(held);
    return 0;
}
