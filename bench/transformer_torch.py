"""PyTorch's side of the transformer training-throughput case (bench/transformer.mjs).

The same causal transformer as lib/src/nn/transformer.ts (token embeddings, learned or
sinusoidal positions, pre-LayerNorm blocks of causal multi-head attention and a GELU
feed-forward block, a final LayerNorm and a linear head, masked softmax cross-entropy),
trained one sequence at a time as the TypeScript model is: forward, loss, backward,
gradients accumulating. Reads a JSON list of shapes on argv[1] and the CPU seconds (all
threads') to spend on each on argv[2]; prints one JSON object: for each shape, dtype
(float64, float32) and thread count (2, 1), tokens per second of wall time and per second
of CPU time.

    /usr/bin/python3 bench/transformer_torch.py '[{"width":32,...}]' 1.0
"""
import json
import math
import sys
import time

import torch


class Block(torch.nn.Module):
    def __init__(self, width: int, heads: int, mlp_width: int) -> None:
        super().__init__()
        self.heads = heads
        self.attention_norm = torch.nn.LayerNorm(width)
        self.qkv = torch.nn.Linear(width, 3 * width)
        self.projection = torch.nn.Linear(width, width)
        self.mlp_norm = torch.nn.LayerNorm(width)
        self.up = torch.nn.Linear(width, mlp_width)
        self.down = torch.nn.Linear(mlp_width, width)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        length, width = x.shape
        head_width = width // self.heads
        q, k, v = self.qkv(self.attention_norm(x)).split(width, dim=1)
        q, k, v = (m.view(length, self.heads, head_width).transpose(0, 1) for m in (q, k, v))
        scores = (q @ k.transpose(1, 2)) / math.sqrt(head_width)
        attended = torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1) @ v
        x = x + self.projection(attended.transpose(0, 1).reshape(length, width))
        hidden = torch.nn.functional.gelu(self.up(self.mlp_norm(x)), approximate="tanh")
        return x + self.down(hidden)


def sinusoidal_table(length: int, width: int) -> torch.Tensor:
    """sin(t / 10000^(2i/width)) in column 2i, cos in column 2i + 1, as lib/src/nn/transformer.ts."""
    t = torch.arange(length, dtype=torch.float64)[:, None]
    frequency = torch.pow(10000.0, -(2 * (torch.arange(width) // 2)).double() / width)
    angles = t * frequency
    return torch.where(torch.arange(width) % 2 == 0, torch.sin(angles), torch.cos(angles))


class Transformer(torch.nn.Module):
    table: torch.Tensor  # the sinusoidal positions, a buffer (it follows .to(dtype))

    def __init__(self, shape: dict) -> None:
        super().__init__()
        width = shape["width"]
        self.tokens = torch.nn.Embedding(shape["vocabularySize"], width)
        self.learned = shape["positions"] == "learned"
        if self.learned:
            self.positions = torch.nn.Embedding(shape["contextLength"], width)
        else:
            self.register_buffer("table", sinusoidal_table(shape["contextLength"], width))
        self.blocks = torch.nn.ModuleList(
            Block(width, shape["heads"], shape["mlpWidth"]) for _ in range(shape["layers"])
        )
        self.final_norm = torch.nn.LayerNorm(width)
        self.head = torch.nn.Linear(width, shape["outputSize"])

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        length = tokens.shape[0]
        positions = self.positions(torch.arange(length)) if self.learned else self.table[:length]
        x = self.tokens(tokens) + positions
        mask = torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1)
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.final_norm(x))


def tokens_per_second(shape: dict, dtype: torch.dtype, seconds: float) -> dict:
    torch.manual_seed(0)
    model = Transformer(shape).to(dtype)
    length = shape["length"]
    tokens = torch.tensor([(7 * i) % shape["vocabularySize"] for i in range(length)])
    targets = torch.tensor([(3 * i) % shape["outputSize"] for i in range(length)])
    legal = torch.ones(length, shape["outputSize"], dtype=torch.bool)

    def step() -> None:
        logits = model(tokens).masked_fill(~legal, float("-inf"))
        torch.nn.functional.cross_entropy(logits, targets, reduction="sum").backward()

    for _ in range(3):
        step()
    steps = 0
    start = time.perf_counter()
    start_cpu = time.process_time()
    while time.process_time() - start_cpu < seconds:  # CPU time, as bench/transformer.mjs measures ours
        step()
        steps += 1
    tokens = steps * length
    return {"wall": tokens / (time.perf_counter() - start), "cpu": tokens / (time.process_time() - start_cpu)}


def main() -> None:
    shapes = json.loads(sys.argv[1])
    seconds = float(sys.argv[2])
    results: list = [{} for _ in shapes]
    for threads in (2, 1):
        torch.set_num_threads(threads)
        for i, shape in enumerate(shapes):
            for name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
                results[i][f"{name}/{threads}"] = tokens_per_second(shape, dtype, seconds)
    print(json.dumps({"torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
