using System.Text;

namespace Platform.Jobs.Generation;

/// <summary>
/// Renders an image from a prompt and a seed by refinement: each step adds a finer layer of value noise
/// to a height field and re-colours every pixel from a palette the prompt chooses. Deterministic for the
/// same prompt, seed and size.
/// </summary>
public sealed class ImageRenderer
{
    private const int Octaves = 8;
    private readonly int _width;
    private readonly int _height;
    private readonly float[] _field;
    private readonly byte[] _rgb;
    private readonly (float R, float G, float B)[] _palette;
    private readonly Random _random;
    private float _amplitudeSum;

    public ImageRenderer(string prompt, int seed, int width, int height)
    {
        (_width, _height) = (width, height);
        _field = new float[width * height];
        _rgb = new byte[width * height * 3];
        _random = new Random(unchecked((int)(StableHash(prompt) ^ (ulong)(uint)seed * 0x9E3779B97F4A7C15UL)));
        _palette = Enumerable.Range(0, 4)
            .Select(_ => ((float)_random.NextDouble(), (float)_random.NextDouble(), (float)_random.NextDouble()))
            .ToArray();
    }

    public ReadOnlySpan<byte> Rgb => _rgb;

    /// <summary>Adds one layer of detail and re-colours the image; returns the mean absolute change per channel (0–255).</summary>
    public double Refine(int step)
    {
        var octave = (step - 1) % Octaves;
        var cells = Math.Min(2 << octave, Math.Max(_width, _height));
        var amplitude = 1f / (1 << octave) * (1f + step / (float)Octaves / 4f);
        AddNoiseLayer(cells, amplitude);
        _amplitudeSum += amplitude;
        return Colour();
    }

    public byte[] EncodePng() => PngEncoder.EncodeRgb(_rgb, _width, _height);

    private void AddNoiseLayer(int cells, float amplitude)
    {
        var lattice = new float[(cells + 1) * (cells + 1)];
        for (var i = 0; i < lattice.Length; i++)
            lattice[i] = (float)_random.NextDouble() * 2f - 1f;

        var scaleX = cells / (float)_width;
        var scaleY = cells / (float)_height;
        for (var y = 0; y < _height; y++)
        {
            var fy = y * scaleY;
            var cy = (int)fy;
            var ty = Smooth(fy - cy);
            var row0 = cy * (cells + 1);
            var row1 = row0 + cells + 1;
            for (var x = 0; x < _width; x++)
            {
                var fx = x * scaleX;
                var cx = (int)fx;
                var tx = Smooth(fx - cx);
                var top = Lerp(lattice[row0 + cx], lattice[row0 + cx + 1], tx);
                var bottom = Lerp(lattice[row1 + cx], lattice[row1 + cx + 1], tx);
                _field[y * _width + x] += amplitude * Lerp(top, bottom, ty);
            }
        }
    }

    private double Colour()
    {
        long change = 0;
        var scale = _amplitudeSum == 0 ? 1f : 1f / _amplitudeSum;
        for (var i = 0; i < _field.Length; i++)
        {
            var t = Math.Clamp((_field[i] * scale + 1f) * 0.5f, 0f, 0.9999f) * (_palette.Length - 1);
            var index = (int)t;
            var mix = t - index;
            var (r0, g0, b0) = _palette[index];
            var (r1, g1, b1) = _palette[index + 1];
            change += SetChannel(i * 3, Lerp(r0, r1, mix));
            change += SetChannel(i * 3 + 1, Lerp(g0, g1, mix));
            change += SetChannel(i * 3 + 2, Lerp(b0, b1, mix));
        }
        return change / (double)_rgb.Length;
    }

    private int SetChannel(int index, float value)
    {
        var next = (byte)(value * 255f);
        var difference = Math.Abs(next - _rgb[index]);
        _rgb[index] = next;
        return difference;
    }

    private static float Smooth(float t) => t * t * (3f - 2f * t);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    // string.GetHashCode differs per process; images must not.
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
