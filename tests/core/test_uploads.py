"""An upload's first bytes must match the type its name claims."""

import io

from crmplus.core.uploads import content_matches


def test_it_accepts_real_files_and_refuses_renamed_ones():
    assert content_matches(io.BytesIO(b"%PDF-1.7 ..."), "pdf")
    assert content_matches(io.BytesIO(b"\x89PNG\r\n\x1a\n...."), ".PNG")
    assert content_matches(io.BytesIO(b"PK\x03\x04...."), "xlsx")
    assert not content_matches(io.BytesIO(b"MZ\x90\x00 an exe"), "pdf")
    assert not content_matches(io.BytesIO(b"%PDF-1.7"), "jpg")


def test_it_leaves_the_file_at_its_start():
    f = io.BytesIO(b"%PDF-1.7 body")
    f.read(3)
    content_matches(f, "pdf")
    assert f.read() == b"%PDF-1.7 body"
