from config.chunks import chunked


def test_chunks_keep_the_order_and_the_last_one_holds_the_rest():
    assert list(chunked(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []
