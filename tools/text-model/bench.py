import os, sys, time, torch
torch.set_num_threads(1)
from model import GPT, GPTConfig
L, d, H, T, B = map(int, sys.argv[1:6])
torch.manual_seed(0)
m = GPT(GPTConfig(n_layer=L, n_embd=d, n_head=H, n_positions=T, dropout=0.1))
opt = torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.1)
x = torch.randint(0, 4096, (B, T)); y = torch.randint(0, 4096, (B, T))
for i in range(8):
    if i == 3: t0 = time.time()
    _, loss = m(x, y); opt.zero_grad(); loss.backward(); opt.step()
dt = (time.time() - t0) / 5
n = m.num_params()
print(f"L{L} d{d} H{H} T{T} B{B}: params {n/1e6:.2f}M, {dt:.3f}s/step, {B*T/dt:.0f} tok/s, 70min -> {70*60*B*T/dt/1e6:.2f}M tokens")
