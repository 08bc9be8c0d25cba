"""
Behaviour probes of torch for scripts/test-torch.mjs: the same output from the original and the
minified torch means nothing these paths touch changed. TorchScript compiles functions from their
source text (type comments, comprehension scoping), fx and dynamo trace Python code, export and
serialization round-trip it. Prints one line per probe.
"""
import inspect, io, warnings
import torch, torch.nn as nn, torch.nn.functional as F
warnings.filterwarnings("ignore")
from typing import List, Optional, Tuple
torch.manual_seed(0)
out = []
def rec(name, v):
    out.append(f"{name}: {v}")
x = torch.arange(12.).reshape(3, 4)
rec("basic", (x @ x.T).sum().item())
# script: functional with type comments (torch.unique dispatch)
@torch.jit.script
def uniq(t: torch.Tensor):
    a, c = torch.unique(t, return_counts=True)
    return a, c
rec("unique", uniq(torch.tensor([1, 2, 2, 3, 3, 3])))
@torch.jit.script
def f2(t: torch.Tensor, k: int) -> torch.Tensor:
    r = F.relu(t) + F.softmax(t, dim=k)
    return F.dropout(r, p=0.0, training=False) + F.max_pool1d(t.unsqueeze(0), 2).sum()
rec("script-f2", f2(x, 1).sum().item())
rec("script-code", "def" in f2.code)
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.l = nn.Linear(4, 3)
        self.bn = nn.BatchNorm1d(3)
        self.lstm = nn.LSTM(3, 5, batch_first=True)
        self.conv = nn.Conv1d(1, 2, 3)
        self.tr = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True)
    def forward(self, t):
        h = self.bn(self.l(t))
        y, _ = self.lstm(h.unsqueeze(0))
        z = self.conv(y.reshape(1, 1, -1))
        w = self.tr(torch.zeros(1, 2, 8) + z.mean())
        return y.sum() + z.sum() + w.sum()
m = M().eval()
rec("module", round(m(x).item(), 4))
sm = torch.jit.script(m)
rec("scripted-module", round(sm(x).item(), 4))
tm = torch.jit.trace(m, (x,), check_trace=False)
rec("traced", round(tm(x).item(), 4))
import torch.fx
g = torch.fx.symbolic_trace(m)
rec("fx", round(g(x).item(), 4))
rec("fx-code-lines", len(g.code.splitlines()) > 3)
# autograd
p = torch.randn(3, requires_grad=True)
(p.sin() * p.exp()).sum().backward()
rec("grad", [round(v, 4) for v in p.grad.tolist()])
# torch.compile with eager backend (dynamo)
def fn(a, b):
    c = a * 2
    if c.sum() > 0:
        return torch.cos(c) + b
    return c - b
cf = torch.compile(fn, backend="eager")
rec("compile-eager", round(cf(x, x).sum().item(), 4))
cf2 = torch.compile(m, backend="aot_eager")
rec("compile-aot", round(cf2(x).item(), 4))
# optim
opt = torch.optim.Adam(m.parameters(), lr=0.1)
for _ in range(3):
    opt.zero_grad(); l = m.train()(x); l.backward(); opt.step()
rec("optim", round(m.eval()(x).item(), 3))
# serialization
import io
buf = io.BytesIO(); torch.save(m.state_dict(), buf); buf.seek(0)
rec("save-load", sorted(torch.load(buf).keys())[:3])
buf = io.BytesIO(); torch.jit.save(sm, buf); buf.seek(0)
rec("jit-save-load", round(torch.jit.load(buf)(x).item(), 4))
# export
try:
    ep = torch.export.export(M().eval(), (x,))
    rec("export", len(ep.graph.nodes) > 5)
except Exception as e:
    rec("export-error", type(e).__name__)
# distributions, linalg, sparse, special
d = torch.distributions.Normal(torch.zeros(2), torch.ones(2))
rec("dist", [round(v, 4) for v in d.log_prob(torch.tensor([0.5, -1.])).tolist()])
rec("linalg", round(torch.linalg.det(torch.eye(3) * 2).item(), 3))
rec("sparse", torch.eye(3).to_sparse().coalesce().values().tolist())
rec("utils-data", len(list(torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x), batch_size=2))))
rec("docs", torch.add.__doc__ is not None)
rec("nn-doc", (nn.Linear.__doc__ or "")[:20])

# ---- every nn module: build with a few argument shapes, run, script, fx-trace
ARGS = [(), (4,), (4, 4), (2, 4, 3), (4, 4, 3), (3, 2)]
INPUTS = [torch.randn(2, 4), torch.randn(2, 4, 8), torch.randn(2, 4, 8, 8), torch.randn(1, 4, 4, 4, 4), torch.randn(3, 4)]
def fp(v):
    if isinstance(v, torch.Tensor):
        return round(float(v.double().sum()), 3) if v.is_floating_point() else int(v.sum())
    if isinstance(v, (tuple, list)):
        return [fp(x) for x in v]
    return type(v).__name__
for name in sorted(nn.modules.__all__):
    cls = getattr(nn, name, None)
    if not inspect.isclass(cls) or not issubclass(cls, nn.Module) or name in ("Module", "Container"):
        continue
    m = None
    for a in ARGS:
        try:
            torch.manual_seed(0); m = cls(*a); break
        except Exception:
            continue
    if m is None:
        out.append(f"{name}: no-instance"); continue
    m.eval()
    res = None
    for x in INPUTS:
        try:
            with torch.no_grad(): res = fp(m(x.clone())); inp = x; break
        except Exception:
            continue
    try:
        sm = torch.jit.script(m)
        s = "scripted"
        if res is not None:
            with torch.no_grad(): s += f" same={fp(sm(inp.clone())) == res}"
        buf = io.BytesIO(); torch.jit.save(sm, buf); s += f" code={len(sm.code) > 0}"
    except Exception as e:
        s = "script-error " + type(e).__name__
    try:
        g = torch.fx.symbolic_trace(m); s += " fx"
        if res is not None:
            with torch.no_grad(): s += f" fxsame={fp(g(inp.clone())) == res}"
    except Exception as e:
        s += " fx-error " + type(e).__name__
    out.append(f"{name}: fwd={res} {s}")
# functional under script
fns = {}
src = '''
def fa(x: torch.Tensor) -> torch.Tensor:
    y = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
    y = F.pad(y, [1, 1, 1, 1], mode="reflect")
    y = F.normalize(y, dim=1)
    z = F.grid_sample(x, torch.zeros(2, 3, 3, 2), align_corners=False)
    return y.sum() + z.sum() + F.avg_pool2d(x, 2).sum() + F.adaptive_max_pool2d(x, 2).sum() + F.layer_norm(x, [8]).sum() + F.gelu(x).sum() + F.silu(x).sum()
def fb(x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(x, t) + F.nll_loss(F.log_softmax(x, 1), t) + F.one_hot(t, 4).sum() + F.embedding(t, torch.eye(4)).sum() + F.multi_margin_loss(x, t) + F.kl_div(x, x, reduction="batchmean", log_target=True)
def fc(x: torch.Tensor) -> torch.Tensor:
    a, b = torch.max(x, dim=1)
    c = torch.unique_consecutive(b)
    d = torch.split(x, 2, dim=1)
    e = torch.stft(torch.randn(64), 16, return_complex=True).abs().sum()
    return a.sum() + c.sum() + d[0].sum() + e * 0 + torch.norm(x, p=2) + torch.cdist(x, x).sum() + torch.einsum("ij,ij->", x, x) + torch.tensordot(x, x, dims=([0, 1], [0, 1]))
'''
import tempfile, importlib.util, os
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "fmod.py")
    open(p, "w").write("import torch\nimport torch.nn.functional as F\n" + src)
    spec = importlib.util.spec_from_file_location("fmod", p); fmod = importlib.util.module_from_spec(spec); spec.loader.exec_module(fmod)
    x4 = torch.randn(2, 3, 8, 8); x2 = torch.randn(3, 4); t = torch.tensor([0, 3, 1])
    for name, args in [("fa", (x4,)), ("fb", (x2, t)), ("fc", (x2,))]:
        f = getattr(fmod, name)
        try:
            sf = torch.jit.script(f)
            out.append(f"{name}: eager={fp(f(*args))} script={fp(sf(*args))}")
        except Exception as e:
            out.append(f"{name}: script-error {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
print("\n".join(out))
