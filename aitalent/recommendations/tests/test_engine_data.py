import numpy as np
import pytest

from aitalent.recommendations.engine.data import (
    DatasetFormatError,
    InteractionMatrix,
    holdout_split,
    load_lightgcn_split,
    load_link_split,
)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def lightgcn_dir(tmp_path):
    write(tmp_path / "train.txt", "0 0 1 2\n1 2 3\n2 0\n")
    write(tmp_path / "test.txt", "0 3\n1 0 4\n2\n")
    return tmp_path


def test_it_loads_the_lightgcn_split(lightgcn_dir):
    split = load_lightgcn_split(lightgcn_dir)
    assert split.train.matrix.shape == (3, 5)  # item 4 only appears in test
    assert split.train.nnz == 6
    assert split.test.nnz == 3
    assert split.train.matrix[1].indices.tolist() == [2, 3]
    assert split.test.user_index == split.train.user_index


@pytest.mark.parametrize(
    ("train", "line", "message"),
    [
        ("0 1 2\n1 x 3\n", 2, "not a non-negative integer"),
        ("0 1\n1 -3\n", 2, "not a non-negative integer"),
        ("0 1\n\n1 2\n", 2, "empty line"),
        ("0 1.5\n", 1, "not a non-negative integer"),
        ("0 1\n1 2\n0 3\n", 3, "appears on two lines"),
    ],
)
def test_it_refuses_malformed_lightgcn_files_with_the_line_number(tmp_path, train, line, message):
    write(tmp_path / "train.txt", train)
    write(tmp_path / "test.txt", "0 1\n")
    with pytest.raises(DatasetFormatError, match=rf"train\.txt:{line}: .*{message}"):
        load_lightgcn_split(tmp_path)


def test_it_names_missing_files(tmp_path):
    write(tmp_path / "train.txt", "0 1\n")
    with pytest.raises(FileNotFoundError, match="test.txt"):
        load_lightgcn_split(tmp_path)


def link_dir(tmp_path, **overrides):
    files = {
        "train_pos.txt": "0 1\n1 2\n2 3\n",
        "val_pos.txt": "0 2\n",
        "val_neg.txt": "0 3\n",
        "test_pos.txt": "1 3\n",
        "test_neg.txt": "0 4\n",
    }
    files.update(overrides)
    for name, text in files.items():
        write(tmp_path / name, text)
    return tmp_path


def test_it_loads_the_link_split(tmp_path):
    split = load_link_split(link_dir(tmp_path))
    assert split.n_nodes == 5
    assert split.train_pos.tolist() == [[0, 1], [1, 2], [2, 3]]
    graph = split.train_graph()
    assert (graph != graph.T).nnz == 0 and graph.nnz == 6


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("0 1\n1 2 3\n", 2, "expected 'u v'"),
        ("0 1\n4\n", 2, "expected 'u v'"),
        ("0 1\n2 2\n", 2, "self-loop"),
        ("0 a\n", 1, "not a non-negative integer"),
    ],
)
def test_it_refuses_malformed_link_files_with_the_line_number(tmp_path, text, line, message):
    link_dir(tmp_path, **{"test_pos.txt": text})
    with pytest.raises(DatasetFormatError, match=rf"test_pos\.txt:{line}: .*{message}"):
        load_link_split(tmp_path)


def test_it_collapses_duplicate_pairs():
    im = InteractionMatrix.from_pairs([5, 5, 7], [1, 1, 2])
    assert im.matrix.nnz == 2 and im.matrix.data.tolist() == [1.0, 1.0]
    assert im.user_index == {5: 0, 7: 1}


def test_it_splits_a_holdout_deterministically():
    rng = np.random.default_rng(0)
    im = InteractionMatrix.from_pairs(rng.integers(0, 50, 2000), rng.integers(0, 80, 2000))
    a_fit, a_hold = holdout_split(im.matrix, fraction=0.2, seed=3)
    b_fit, b_hold = holdout_split(im.matrix, fraction=0.2, seed=3)
    assert (a_fit != b_fit).nnz == 0 and (a_hold != b_hold).nnz == 0
    assert a_fit.nnz + a_hold.nnz == im.matrix.nnz
    assert a_fit.multiply(a_hold).nnz == 0
    # every user keeps at least one item to fit on
    assert (np.diff(a_fit.indptr) >= 1).all()
